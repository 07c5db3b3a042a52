using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Server.Ingestion;

/// <summary>Section <c>Ingestion</c>, the Server's listener only (the queue names and dequeue count are Core's).</summary>
public sealed class IngestListenerOptions
{
    public bool ListenerEnabled { get; set; } = true;

    /// <summary>How long a received message stays invisible; renewed every half of it while the message is worked on.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 32)]
    public int MaxConcurrentMessages { get; set; } = 4;

    /// <summary>First wait after an empty poll; doubles on every further empty poll up to <see cref="IdleDelayMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan IdleDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan IdleDelayMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// First wait after a failed poll (storage unreachable, the queue missing, …); doubles on every further failure up to
    /// <see cref="ErrorDelayMax"/>, back to the minimum once a poll succeeds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ErrorDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ErrorDelayMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a message whose failure may pass (unknown tenant, missing file, storage error) waits before its next delivery.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
