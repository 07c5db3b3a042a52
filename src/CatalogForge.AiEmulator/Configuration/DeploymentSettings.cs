namespace CatalogForge.AiEmulator;

/// <summary>
/// How one emulated deployment behaves: latency, Azure-style rate limits and injected faults.
/// Everything defaults to "fast, unlimited, no faults".
/// </summary>
public sealed record DeploymentSettings
{
    /// <summary>Fixed delay added to every successful response.</summary>
    public double BaseLatencyMs { get; set; }

    /// <summary>Extra delay per completion token of a chat response.</summary>
    public double PerOutputTokenMs { get; set; }

    /// <summary>Extra delay per generated image.</summary>
    public double PerImageMs { get; set; }

    /// <summary>Token budget over a sliding 60 s window; 0 means unlimited.</summary>
    public int TokensPerMinute { get; set; }

    /// <summary>
    /// Request budget per minute, enforced as RPM/6 requests per 10 s window like Azure does.
    /// 0 derives it from <see cref="TokensPerMinute"/> (6 RPM per 1,000 TPM), or unlimited when TPM is 0 too.
    /// </summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Output tokens charged against the TPM budget when a chat request gives no max_tokens.</summary>
    public int DefaultMaxTokens { get; set; } = 1000;

    /// <summary>Tokens charged against the TPM budget per requested image.</summary>
    public int ImageTokenCharge { get; set; } = 1000;

    /// <summary>Probability in [0,1] that a request fails with 500 or 503.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Deterministic failures: the first N admitted requests of the deployment fail with 500.</summary>
    public int ServerErrorsBeforeSuccess { get; set; }

    /// <summary>Probability in [0,1] that a request stalls for <see cref="HangMs"/> before answering.</summary>
    public double HangRate { get; set; }

    /// <summary>How long a hanging request stalls; the default outlasts the SDKs' 100 s network timeout.</summary>
    public int HangMs { get; set; } = 120_000;

    /// <summary>Words that make a chat or image prompt fail with Azure's content_filter error (case-insensitive).</summary>
    public IReadOnlyList<string> ContentFilterTriggers { get; set; } = [];

    /// <summary>Probability in [0,1] that a chat reply is cut in half with finish_reason "length".</summary>
    public double TruncateRate { get; set; }

    /// <summary>
    /// Deterministic truncation: the first N chat replies of the deployment are cut in half with finish_reason
    /// "length", after which <see cref="TruncateRate"/> applies.
    /// </summary>
    public int TruncationsBeforeSuccess { get; set; }

    /// <summary>Probability in [0,1] that a JSON-mode chat reply is not parseable JSON.</summary>
    public double InvalidJsonRate { get; set; }

    /// <summary>Probability in [0,1] that a streamed chat reply stops half-way: no finish_reason, no [DONE], the connection dropped.</summary>
    public double StreamCutRate { get; set; }

    /// <summary>Seed of the fault draws; null derives one from the deployment name.</summary>
    public int? FaultSeed { get; set; }
}
