using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Server.Alerts;

/// <summary>The Server's <c>alerts</c> queue listener, section <c>Alerts</c> (next to Core's <c>AlertOptions</c>).</summary>
public sealed class AlertListenerOptions
{
    public bool ListenerEnabled { get; set; } = true;

    [Range(1, 32)]
    public int BatchSize { get; set; } = 8;

    /// <summary>How long a received message stays hidden: longer than one delivery with all its retries.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleDelayMin { get; set; } = TimeSpan.FromMilliseconds(250);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdleDelayMax { get; set; } = TimeSpan.FromSeconds(10);
}
