using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Core.Alerts;

/// <summary>Webhook delivery of alerts, section <c>Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Webhooks a tenant may register.</summary>
    [Range(1, 100)]
    public int MaxWebhooksPerTenant { get; set; } = 5;

    /// <summary>Attempts per webhook and delivery (the first included) before the delivery is left to the queue's retry.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the second attempt; doubled for each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one POST.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries of one queue message before it goes to <c>alerts-poison</c> with its reason.</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;
}
