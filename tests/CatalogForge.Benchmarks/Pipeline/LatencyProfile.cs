using CatalogForge.AiEmulator;

namespace CatalogForge.Benchmarks.Pipeline;

/// <summary>
/// How the emulated deployments behave in a benchmark: a fixed latency per request kind and a request rate limit on the
/// chat deployments (Azure style: RPM/6 per sliding 10 s window). Deployment names are those of the built-in
/// <c>ai-defaults.json</c>: gpt-4o serves product content, gpt-4o-mini is its fallback.
/// </summary>
public sealed record LatencyProfile(double ChatMs, double EmbeddingMs, double ImageMs, int ChatRequestsPerMinute)
{
    public const string ChatDeployment = "gpt-4o";
    public const string ChatFallbackDeployment = "gpt-4o-mini";
    public const string EmbeddingDeployment = "text-embedding-3-small";
    public const string ImageDeployment = "dall-e-3";

    /// <summary>CatalogForge's names (ai-defaults.json) for the emulator's chat deployments, where the client-side limit is set.</summary>
    public const string ChatClientDeployment = "chat-standard";
    public const string ChatFallbackClientDeployment = "chat-economy";

    /// <summary>Chat ~3 s, embeddings ~100 ms, images ~2 s; chat limited to 360 requests per minute (60 per 10 s).</summary>
    public static readonly LatencyProfile Realistic = new(3000, 100, 2000, 360);

    /// <summary>For the crash benchmark: slow enough to kill mid-job, fast enough to finish in about a minute.</summary>
    public static readonly LatencyProfile Crash = new(1000, 50, 500, 0);

    /// <summary>Near-zero latency, no limit: the smoke runs of the test suite.</summary>
    public static readonly LatencyProfile Smoke = new(5, 1, 5, 0);

    /// <summary>Nothing but the engine and storage: the engine benchmark.</summary>
    public static readonly LatencyProfile Zero = new(0, 0, 0, 0);

    public EmulatorOptions ToEmulatorOptions()
    {
        var chat = new DeploymentSettings { BaseLatencyMs = ChatMs, RequestsPerMinute = ChatRequestsPerMinute };
        return new EmulatorOptions
        {
            Deployments =
            {
                [ChatDeployment] = chat,
                [ChatFallbackDeployment] = chat with { },
                [EmbeddingDeployment] = new DeploymentSettings { BaseLatencyMs = EmbeddingMs },
                [ImageDeployment] = new DeploymentSettings { PerImageMs = ImageMs },
            },
        };
    }

    /// <summary>One item's model calls back to back with the best overlap: chat, then the longer of embedding and image.</summary>
    public double CriticalPathSeconds => (ChatMs + Math.Max(EmbeddingMs, ImageMs)) / 1000.0;

    /// <summary>Chat requests the deployment admits per second in the long run (0 = unlimited).</summary>
    public double ChatRequestsPerSecond => ChatRequestsPerMinute / 60.0;

    /// <summary>
    /// T* = max(per-item critical path, total calls ÷ allowed rate). Only chat is rate-limited, so the calls that count
    /// are the N chat calls (one per item) against the chat deployment's rate.
    /// </summary>
    public double LowerBoundSeconds(int items) =>
        Math.Max(CriticalPathSeconds, ChatRequestsPerMinute == 0 ? 0 : items / ChatRequestsPerSecond);
}
