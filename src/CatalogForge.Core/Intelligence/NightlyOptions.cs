using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Core.Intelligence;

/// <summary>Section <c>Nightly</c>: the nightly catalog run per tenant — similarity, near-duplicates, drift, risk, alerts.</summary>
public sealed class NightlyOptions
{
    public const string Section = "Nightly";

    /// <summary>Most similar products kept per product.</summary>
    [Range(1, 100)]
    public int SimilarTopK { get; set; } = 10;

    /// <summary>Cosine similarity at or above which two products are near-duplicates.</summary>
    [Range(0.0, 1.0)]
    public double NearDuplicateThreshold { get; set; } = 0.85;

    /// <summary>Near-duplicate pairs kept per run; beyond it the run records that the list was cut.</summary>
    [Range(1, 1_000_000)]
    public int MaxNearDuplicatePairs { get; set; } = 100_000;

    /// <summary>Snapshots older than this many days are deleted by the run.</summary>
    [Range(1, 365)]
    public int KeepDays { get; set; } = 7;

    /// <summary>Texts per embedding request when products are re-embedded.</summary>
    [Range(1, 2048)]
    public int EmbedBatchSize { get; set; } = 64;

    /// <summary>
    /// Tenants whose scheduled run may be Running at once: the trigger starts the day's runs one tenant after another and
    /// waits for a running one to end before it starts more (<c>NightlyDayStarter</c>).
    /// </summary>
    [Range(1, 1000)]
    public int MaxConcurrentTenants { get; set; } = 4;

    [Required]
    public NightlyAlertOptions Alerts { get; set; } = new();
}

/// <summary>Section <c>Nightly:Alerts</c>: when a run raises an alert.</summary>
public sealed class NightlyAlertOptions
{
    /// <summary>Risk score (0…100) at or above which <c>risk</c> fires.</summary>
    [Range(0, 100)]
    public int RiskAtOrAbove { get; set; } = 60;

    /// <summary>Drop of the own brand's mention share, in percentage points, at or above which <c>share-drop</c> fires.</summary>
    [Range(0.0, 100.0)]
    public double ShareDropPoints { get; set; } = 10;

    /// <summary>Centroid shift (1 − cosine) of any category at or above which <c>centroid-drift</c> fires.</summary>
    [Range(0.0, 2.0)]
    public double CentroidDrift { get; set; } = 0.15;

    /// <summary>Whether a new near-duplicate cluster fires <c>new-duplicate-cluster</c>.</summary>
    public bool NewDuplicateCluster { get; set; } = true;
}
