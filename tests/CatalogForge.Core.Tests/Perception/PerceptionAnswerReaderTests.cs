using System.Text.Json;
using CatalogForge.Core.Perception;

namespace CatalogForge.Core.Tests.Perception;

public sealed class PerceptionAnswerReaderTests
{
    private static readonly BrandProfile Profile = new() { Brand = "Crumb & Co", Competitors = ["Loaf Lab"], Probes = ["Q"], Language = "en" };

    [Fact]
    public void Brands_are_ranked_in_answer_order_with_repeats_of_a_profile_brand_dropped()
    {
        var answer = Read("""
            {"brands":[{"brand":"loaf lab","sentiment":0.5,"reason":"Good\nstarters"},{"brand":"other","sentiment":0,"reason":"x"},
                       {"brand":"Loaf Lab","sentiment":-1,"reason":"again"},{"brand":"other","sentiment":0.2,"reason":"y"},
                       {"brand":"Crumb & Co","sentiment":1,"reason":"z"}]}
            """);

        Assert.Equal(["Loaf Lab", "other", "other", "Crumb & Co"], answer.Mentions.Select(m => m.Brand));
        Assert.Equal([1, 2, 3, 4], answer.Mentions.Select(m => m.Rank));
        Assert.Equal("Good starters", answer.Mentions[0].Reason);
    }

    [Theory]
    [InlineData("""{"brands":[{"brand":"Unknown Bakery","sentiment":0,"reason":"x"}]}""")]
    [InlineData("""{"brands":[{"brand":"Loaf Lab","sentiment":1.5,"reason":"x"}]}""")]
    [InlineData("""{"brands":[{"brand":"Loaf Lab","sentiment":"good","reason":"x"}]}""")]
    [InlineData("""{"brands":[{"brand":"Loaf Lab","sentiment":0}]}""")]
    [InlineData("""{"brands":"Loaf Lab"}""")]
    [InlineData("""[]""")]
    public void Answers_outside_the_schema_are_refused(string json) =>
        Assert.Throws<FormatException>(() => Read(json));

    [Fact]
    public void The_schema_names_the_profile_brands_and_other_and_bounds_the_sentiment()
    {
        var schema = PerceptionSchema.For(Profile);
        var item = schema.GetProperty("properties").GetProperty("brands").GetProperty("items").GetProperty("properties");

        Assert.Equal(["Crumb & Co", "Loaf Lab", "other"], item.GetProperty("brand").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(-1, item.GetProperty("sentiment").GetProperty("minimum").GetInt32());
        Assert.Equal(1, item.GetProperty("sentiment").GetProperty("maximum").GetInt32());
    }

    private static ProbeAnswer Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return PerceptionAnswerReader.Read(Profile, "Q", document.RootElement);
    }
}
