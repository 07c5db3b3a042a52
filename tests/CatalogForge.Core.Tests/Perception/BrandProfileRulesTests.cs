using CatalogForge.Core.Perception;

namespace CatalogForge.Core.Tests.Perception;

public sealed class BrandProfileRulesTests
{
    private static readonly BrandProfileRequest Valid = new()
    {
        Brand = "  Crumb & Co ",
        Competitors = ["Loaf Lab", "Rise Up"],
        Probes = ["Which online shops sell the best sourdough guides?"],
        Language = "de-CH",
    };

    [Fact]
    public void A_valid_request_becomes_a_trimmed_profile()
    {
        var (profile, errors) = BrandProfileRules.Validate(Valid);

        Assert.Empty(errors);
        Assert.Equal("Crumb & Co", profile!.Brand);
        Assert.Equal(["Crumb & Co", "Loaf Lab", "Rise Up"], profile.AllBrands);
        Assert.Equal("de-CH", profile.Language);
        Assert.Equal("en", BrandProfileRules.Validate(Valid with { Language = null }).Profile!.Language);
    }

    public static TheoryData<string, BrandProfileRequest> Invalid => new()
    {
        { "brand", Valid with { Brand = null } },
        { "brand", Valid with { Brand = new string('b', 81) } },
        { "brand", Valid with { Brand = "Other" } },
        { "competitors", Valid with { Competitors = Enumerable.Range(0, 11).Select(i => (string?)$"C{i}").ToList() } },
        { "competitors[1]", Valid with { Competitors = ["Loaf Lab", "LOAF LAB"] } },
        { "competitors[0]", Valid with { Competitors = ["crumb & co"] } },
        { "competitors[0]", Valid with { Competitors = ["Loaf\u0000Lab"] } },
        { "competitors[0]", Valid with { Competitors = ["   "] } },
        { "probes", Valid with { Probes = [] } },
        { "probes", Valid with { Probes = Enumerable.Range(0, 11).Select(i => (string?)$"Question {i}?").ToList() } },
        { "probes[1]", Valid with { Probes = ["Best bread shops?", "best bread shops?"] } },
        { "probes[0]", Valid with { Probes = ["Why?"] } },
        { "probes[0]", Valid with { Probes = ["Best\nbread shops?"] } },
        { "language", Valid with { Language = "english please" } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_problem_is_named_by_its_field(string field, BrandProfileRequest request)
    {
        var (profile, errors) = BrandProfileRules.Validate(request);

        Assert.Null(profile);
        Assert.Equal([field], errors.Keys);
    }
}
