namespace CatalogForge.AiEmulator;

/// <summary>Totals since start or the last reset. Tokens and images count successful (200) responses only.</summary>
public sealed record EmulatorCounters(
    long TotalRequests,
    long ChatRequests,
    long EmbeddingRequests,
    long ImageRequests,
    long RateLimitedResponses,
    long FaultsSent,
    IReadOnlyDictionary<string, long> FaultsByKind,
    IReadOnlyDictionary<string, long> ResponsesByStatus,
    long PromptTokens,
    long CompletionTokens,
    long ImagesGenerated,
    IReadOnlyDictionary<string, DeploymentCounters> Deployments);

public sealed record DeploymentCounters(
    long TotalRequests,
    long ChatRequests,
    long EmbeddingRequests,
    long ImageRequests,
    long RateLimitedResponses,
    long FaultsSent,
    long PromptTokens,
    long CompletionTokens,
    long ImagesGenerated);
