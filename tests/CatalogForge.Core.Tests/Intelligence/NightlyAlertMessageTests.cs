using System.Text.Json;
using CatalogForge.Core.Alerts;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Alerts;
using CatalogForge.Core.Intelligence.Nightly.Activities;

namespace CatalogForge.Core.Tests.Intelligence;

/// <summary>The nightly run's alerts go on the <c>alerts</c> queue in the format the webhook delivery reads.</summary>
public sealed class NightlyAlertMessageTests
{
    [Theory]
    [InlineData(AlertRules.Risk, "critical")]
    [InlineData(AlertRules.ShareDrop, "warning")]
    [InlineData(AlertRules.CentroidDrift, "warning")]
    [InlineData(AlertRules.NewDuplicateCluster, "warning")]
    public void Every_rule_makes_a_message_the_delivery_accepts(string rule, string severity)
    {
        var alert = new TriggeredAlert(rule, 71.5, 60, new string('x', 250));
        var message = RaiseAlertsActivity.ToMessage("t-acme", "20261204-abc", "20261204-abc-000", alert, DateTimeOffset.UnixEpoch);

        var read = AlertMessageReader.Read(JsonSerializer.Serialize(message, CatalogJson.Options), out var reason);

        Assert.True(read is not null, reason);
        Assert.Equal("t-acme:20261204-abc-000", read.AlertId);
        Assert.Equal(severity, read.Severity);
        Assert.Equal(200, read.Title.Length);
        Assert.Equal(71.5, read.Values!["value"]);
        Assert.Equal(60, read.Values!["threshold"]);
        Assert.Equal("20261204-abc", read.SnapshotId);
    }
}
