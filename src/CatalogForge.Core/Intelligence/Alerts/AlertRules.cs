using System.Globalization;
using CatalogForge.Core.Intelligence.Drift;
using CatalogForge.Core.Intelligence.Risk;

namespace CatalogForge.Core.Intelligence.Alerts;

/// <summary>A rule that fired: its name, what it measured, the threshold it met, and a sentence for people.</summary>
public sealed record TriggeredAlert(string Rule, double Value, double Threshold, string Message);

/// <summary>The alert rules of <see cref="NightlyAlertOptions"/> over one run's drift, risk and perception.</summary>
public static class AlertRules
{
    public const string Risk = "risk";
    public const string ShareDrop = "share-drop";
    public const string CentroidDrift = "centroid-drift";
    public const string NewDuplicateCluster = "new-duplicate-cluster";

    public static IReadOnlyList<TriggeredAlert> Evaluate(
        NightlyAlertOptions rules, DriftReport drift, RiskAssessment risk, IReadOnlyList<BrandPerception>? perception)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var alerts = new List<TriggeredAlert>();
        if (risk.Score >= rules.RiskAtOrAbove)
        {
            alerts.Add(new TriggeredAlert(Risk, risk.Score, rules.RiskAtOrAbove, $"Risk score {risk.Score} is at or above {rules.RiskAtOrAbove}."));
        }

        if (perception?.FirstOrDefault(p => p.IsOwn) is { PreviousMentionShare: { } before } own)
        {
            var dropPoints = (before - own.MentionShare) * 100;
            if (dropPoints > 0 && dropPoints >= rules.ShareDropPoints)
            {
                alerts.Add(new TriggeredAlert(ShareDrop, dropPoints, rules.ShareDropPoints,
                    $"{own.Brand}'s mention share fell {Format(dropPoints)} points."));
            }
        }

        foreach (var category in drift.Categories.Where(c => c.CentroidShift >= rules.CentroidDrift))
        {
            alerts.Add(new TriggeredAlert(CentroidDrift, category.CentroidShift!.Value, rules.CentroidDrift,
                $"Category '{category.Category}' moved by {Format(category.CentroidShift.Value)} (1 − cosine of its centroids)."));
        }

        if (rules.NewDuplicateCluster)
        {
            foreach (var cluster in drift.NewClusters)
            {
                alerts.Add(new TriggeredAlert(NewDuplicateCluster, cluster.Members.Count, 2,
                    $"New near-duplicate cluster {cluster.Key}: {string.Join(", ", cluster.Members)}."));
            }
        }

        return alerts;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
