namespace CatalogForge.AiEmulator;

/// <summary>One API request as the emulated provider saw it.</summary>
/// <param name="Sequence">1-based arrival order since start (not reset by <see cref="EmulatorState.Reset"/>).</param>
/// <param name="Deployment">Azure deployment from the route, or the body's model on the v1 routes; empty when neither was given.</param>
/// <param name="BodyHash">XxHash64 of the raw request body, 16 hex digits: equal bodies have equal hashes.</param>
/// <param name="PromptPreview">First 80 characters of the last user message, the first embedding input or the image prompt.</param>
/// <param name="StatusCode">HTTP status sent; 499 when the client went away before the answer.</param>
/// <param name="Fault">The injected fault, if any (429s are not faults: see <paramref name="StatusCode"/>).</param>
/// <param name="RetryAfterMs">The wait the response asked for (429: its <c>retry-after-ms</c>; 503: <c>Retry-After: 1</c>), else null.</param>
public sealed record RecordedRequest(
    long Sequence,
    DateTimeOffset Timestamp,
    RequestKind Kind,
    string Deployment,
    string BodyHash,
    string PromptPreview,
    int StatusCode,
    FaultKind? Fault,
    int PromptTokens,
    int CompletionTokens,
    int Images,
    double DurationMs,
    long? RetryAfterMs = null);
