using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Jobs;

/// <summary>A submission that passed validation: items already parsed and serialised in their stored form.</summary>
public sealed record ValidatedJob(
    JobKind Kind,
    IReadOnlyList<string> ItemsJson,
    bool Images,
    JobPriority Priority,
    string Language,
    string? IdempotencyKey);
