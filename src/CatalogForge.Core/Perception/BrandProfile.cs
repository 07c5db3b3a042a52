namespace CatalogForge.Core.Perception;

/// <summary>
/// What a tenant's perception probes ask about: its own brand, up to <see cref="BrandProfileRules.MaxCompetitors"/>
/// competitors, up to <see cref="BrandProfileRules.MaxProbes"/> questions to put to the chat model (e.g. "Which online
/// shops sell the best sourdough guides?") and the language of the answers (BCP 47).
/// </summary>
public sealed record BrandProfile
{
    public required string Brand { get; init; }
    public required IReadOnlyList<string> Competitors { get; init; }
    public required IReadOnlyList<string> Probes { get; init; }
    public required string Language { get; init; }

    /// <summary>The brand first, then the competitors: every name the probes' schema lets the model name.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> AllBrands => [Brand, .. Competitors];
}

/// <summary>Body of <c>PUT /api/catalog/brand-profile</c>; <see cref="BrandProfileRules"/> validates it.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record BrandProfileRequest
{
    public string? Brand { get; init; }
    public IReadOnlyList<string?>? Competitors { get; init; }
    public IReadOnlyList<string?>? Probes { get; init; }
    public string? Language { get; init; }
}

/// <summary>A stored profile as the API shows it.</summary>
public sealed record BrandProfileView(BrandProfile Profile, DateTimeOffset UpdatedAt);
