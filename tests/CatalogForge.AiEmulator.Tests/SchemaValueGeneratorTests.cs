using System.Text.Json;
using CatalogForge.AiEmulator.Chat;
using CatalogForge.AiEmulator.Tests.Support;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Tests;

public sealed class SchemaValueGeneratorTests
{
    private const string Prompt = "Handmade ceramic coffee mug with speckled glaze, 350ml, dishwasher safe, sold in sets of two.";

    private const string NestedSchema = """
            {"type":"object","additionalProperties":false,"required":["title","price","tags","variants"],
             "properties":{
               "title":{"type":"string","minLength":10,"maxLength":40},
               "price":{"type":"object","required":["amount","currency"],"additionalProperties":false,
                        "properties":{"amount":{"type":"number","minimum":10,"maximum":20},"currency":{"type":"string","enum":["USD","EUR"]}}},
               "tags":{"type":"array","items":{"type":"string","maxLength":12},"minItems":2,"maxItems":4,"uniqueItems":true},
               "variants":{"type":"array","minItems":6,"items":{"$ref":"#/$defs/variant"}}},
             "$defs":{"variant":{"type":"object","required":["size","stock"],"properties":{"size":{"enum":["S","M","L"]},"stock":{"type":"integer","minimum":0,"maximum":3}}}}}
        """;

    public static TheoryData<string, string> Schemas => new()
    {
        { "nested object with bounds", NestedSchema },
        { "draft-7 definitions and nullable unions", """
            {"type":"object","required":["a","b","c","d"],
             "properties":{"a":{"$ref":"#/definitions/money"},"b":{"type":["string","null"],"maxLength":5},
                           "c":{"anyOf":[{"type":"null"},{"type":"integer","minimum":7,"maximum":7}]},
                           "d":{"oneOf":[{"type":"boolean"},{"type":"string","const":"never-picked"}]}},
             "definitions":{"money":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":0.01}}}
            """ },
        { "draft-4 boolean exclusive bounds and multipleOf", """
            {"type":"object","required":["x","y","z"],"properties":{
               "x":{"type":"integer","minimum":1,"exclusiveMinimum":true,"maximum":3,"exclusiveMaximum":true},
               "y":{"type":"number","multipleOf":0.25,"minimum":1,"maximum":2},
               "z":{"type":"integer","multipleOf":5,"minimum":11,"maximum":19}}}
            """ },
        { "formats and name heuristics", """
            {"type":"object","required":["id","createdAt","day","contact","homepage","uuid","currency","description","keywords"],
             "properties":{"id":{"type":"string"},"createdAt":{"type":"string","format":"date-time"},"day":{"type":"string","format":"date"},
               "contact":{"type":"string","format":"email"},"homepage":{"type":"string","format":"uri"},"uuid":{"type":"string","format":"uuid"},
               "currency":{"type":"string","minLength":3,"maxLength":3},"description":{"type":"string","maxLength":30},
               "keywords":{"type":"array","items":{"type":"string"}}}}
            """ },
        { "recursive tree through a pointer ref", """
            {"type":"object","required":["name","children"],
             "properties":{"name":{"type":"string"},"children":{"type":"array","maxItems":2,"items":{"$ref":"#"}}}}
            """ },
        { "map of additional properties", """
            {"type":"object","additionalProperties":{"type":"integer","minimum":1,"maximum":9},"minProperties":3}
            """ },
        { "top-level array of tuples", """
            {"type":"array","minItems":1,"maxItems":1,"items":{"type":"array","prefixItems":[{"type":"string"},{"type":"number","minimum":-5,"maximum":-4}],"items":false}}
            """ },
        { "json pointer refs as System.Text.Json emits them", """
            {"type":"object","required":["home","work"],
             "properties":{"home":{"type":"object","required":["city"],"properties":{"city":{"type":"string","minLength":1}}},
                           "work":{"$ref":"#/properties/home"}}}
            """ },
        { "ranked brands with an enum and a bounded sentiment", """
            {"type":"object","required":["brands"],"additionalProperties":false,"properties":{
              "brands":{"type":"array","maxItems":8,"items":{"type":"object","required":["brand","sentiment","reason"],"additionalProperties":false,
                "properties":{"brand":{"type":"string","enum":["Crumb & Co","Loaf Lab","other"]},
                              "sentiment":{"type":"number","minimum":-1,"maximum":1},"reason":{"type":"string","maxLength":200}}}}}}
            """ },
        { "tight string lengths", """
            {"type":"object","required":["a","b","c"],"properties":{
              "a":{"type":"string","minLength":50,"maxLength":50},"b":{"type":"string","maxLength":1},"c":{"type":"string","minLength":0,"maxLength":0}}}
            """ },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Generated_values_validate_against_the_schema_for_many_seeds(string description, string schemaJson)
    {
        using var schema = JsonDocument.Parse(schemaJson);
        for (ulong seed = 0; seed < 60; seed++)
        {
            var json = Generate(schema.RootElement, seed);
            var errors = JsonSchemaValidator.Validate(schemaJson, json);
            Assert.True(errors.Count == 0, $"{description}, seed {seed}: {string.Join("; ", errors)}\n{json}");
        }
    }

    [Fact]
    public void Constraints_moved_into_descriptions_are_still_honoured()
    {
        // Microsoft.Extensions.AI rewrites schemas like this for OpenAI's strict mode.
        using var rewritten = JsonDocument.Parse("""
            {"type":"object","required":["variants","stamp"],"additionalProperties":false,"properties":{
              "variants":{"type":"array","description":"Up to three.\nminItems: 1\nmaxItems: 3","items":{"type":"object","required":["stock","discount"],"additionalProperties":false,
                "properties":{"stock":{"type":"integer","description":"minimum: 0\nmaximum: 4"},
                              "discount":{"type":["number","null"],"description":"exclusiveMinimum: 0\nmaximum: 0.5"}}}},
              "stamp":{"type":"string","description":"format: date-time\nmaxLength: 20"}}}
            """);
        const string original = """
            {"type":"object","required":["variants","stamp"],"properties":{
              "variants":{"type":"array","minItems":1,"maxItems":3,"items":{"type":"object","required":["stock","discount"],
                "properties":{"stock":{"type":"integer","minimum":0,"maximum":4},"discount":{"type":["number","null"],"exclusiveMinimum":0,"maximum":0.5}}}},
              "stamp":{"type":"string","format":"date-time","maxLength":20}}}
            """;

        for (ulong seed = 0; seed < 40; seed++)
        {
            var json = Generate(rewritten.RootElement, seed);
            var errors = JsonSchemaValidator.Validate(original, json);
            Assert.True(errors.Count == 0, $"seed {seed}: {string.Join("; ", errors)}\n{json}");
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_value_and_different_seeds_differ()
    {
        using var schema = JsonDocument.Parse(NestedSchema);

        var first = Generate(schema.RootElement, 7);

        Assert.Equal(first, Generate(schema.RootElement, 7));
        Assert.NotEqual(first, Generate(schema.RootElement, 8));
    }

    [Fact]
    public void Strings_are_built_from_the_prompts_words()
    {
        using var schema = JsonDocument.Parse("""
            {"type":"object","required":["title","description","tags","currency","price"],
             "properties":{"title":{"type":"string"},"description":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},
                           "currency":{"type":"string"},"price":{"type":"number"}}}
            """);
        var promptWords = PromptVocabulary.FromText(Prompt).Words.ToHashSet(StringComparer.Ordinal);

        using var reply = JsonDocument.Parse(Generate(schema.RootElement, 3));
        var root = reply.RootElement;

        var titleWords = root.GetProperty("title").GetString()!.Split(' ');
        Assert.InRange(titleWords.Length, 3, 6);
        Assert.All(titleWords, word => Assert.Contains(word.ToLowerInvariant(), promptWords));
        Assert.All(titleWords, word => Assert.True(char.IsUpper(word[0]), $"'{word}' is not title-cased"));
        var sentences = root.GetProperty("description").GetString()!.Split(". ", StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(sentences.Length, 2, 3);
        Assert.All(root.GetProperty("tags").EnumerateArray(), tag => Assert.Contains(tag.GetString()!, promptWords));
        Assert.InRange(root.GetProperty("tags").GetArrayLength(), 3, 5);
        Assert.Equal("USD", root.GetProperty("currency").GetString());
        var price = root.GetProperty("price").GetDouble();
        Assert.InRange(price, 5, 99);
        Assert.Equal(Math.Round(price, 2), price);
    }

    [Theory]
    [InlineData("sentiment")]
    [InlineData("delta")]
    public void Numbers_bounded_far_from_the_names_preferred_range_spread_over_the_bounds(string property)
    {
        // "delta" prefers 1…100, which grazes −1…1 only at 1: the bounds win, so the values are not all 1.
        using var schema = JsonDocument.Parse(
            """{"type":"object","required":["P"],"properties":{"P":{"type":"number","minimum":-1,"maximum":1}}}""".Replace("P", property, StringComparison.Ordinal));

        var values = Enumerable.Range(0, 40)
            .Select(seed => JsonDocument.Parse(Generate(schema.RootElement, (ulong)seed)).RootElement.GetProperty(property).GetDouble())
            .ToList();

        Assert.All(values, value => Assert.InRange(value, -1, 1));
        Assert.Contains(values, value => value < 0);
        Assert.Contains(values, value => value > 0);
    }

    [Fact]
    public void A_list_of_objects_named_by_an_enum_names_each_value_once_like_a_ranking()
    {
        using var schema = JsonDocument.Parse("""
            {"type":"object","required":["brands"],"properties":{"brands":{"type":"array","maxItems":9,"items":{"type":"object",
              "required":["brand","sentiment"],"properties":{"brand":{"type":"string","enum":["A","B","C","D","other"]},
                                                            "sentiment":{"type":"number","minimum":-1,"maximum":1}}}}}}
            """);

        var rankings = Enumerable.Range(0, 40)
            .Select(seed => JsonDocument.Parse(Generate(schema.RootElement, (ulong)seed)).RootElement.GetProperty("brands").EnumerateArray()
                .Select(entry => entry.GetProperty("brand").GetString()!).ToList())
            .ToList();

        Assert.All(rankings, ranking => Assert.Equal(ranking.Count, ranking.Distinct().Count()));
        Assert.True(rankings.Select(ranking => ranking[0]).Distinct().Count() > 2, "the same brands always come first");
    }

    [Fact]
    public void Stop_words_and_instruction_words_are_not_used()
    {
        var words = PromptVocabulary.FromText("Please generate the JSON for a red wool scarf and the matching hat").Words;

        Assert.Equal(["red", "wool", "scarf", "matching", "hat"], words);
    }

    private static string Generate(JsonElement schema, ulong seed)
    {
        var prose = new ProseWriter(PromptVocabulary.FromText(Prompt), new DeterministicRandom(seed));
        return new SchemaValueGenerator(schema, prose).Generate()?.ToJsonString() ?? "null";
    }
}
