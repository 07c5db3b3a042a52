using System.Text.Json;
using CatalogForge.AiEmulator.Faults;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Pipeline;

/// <summary>What the shared pipeline needs to know about any parsed API request.</summary>
internal interface IParsedRequest
{
    /// <summary>The body's <c>model</c>; names the deployment on the v1 routes.</summary>
    string? Model { get; }

    bool Stream { get; }

    string PromptPreview { get; }

    /// <summary>Text checked against content-filter triggers; null for kinds Azure does not filter.</summary>
    string? FilterableText { get; }

    /// <summary>Input tokens as the deployment's model family counts them.</summary>
    int CountPromptTokens(TokenCounter tokens);

    /// <summary>Tokens charged against the deployment's TPM budget.</summary>
    int RateLimitCharge(DeploymentSettings settings, int promptTokens);
}

/// <summary>One API operation (chat, embeddings, images): parsing its body and producing its answer.</summary>
internal interface IEmulatedOperation<TRequest>
    where TRequest : IParsedRequest
{
    RequestKind Kind { get; }

    /// <summary>Azure's name for the operation, quoted in 429 messages (e.g. ChatCompletions_Create).</summary>
    string AzureOperationName { get; }

    /// <exception cref="BadRequestException">When the body is not a valid request.</exception>
    TRequest Parse(JsonElement body);

    OperationResult Execute(TRequest request, OperationContext context);
}

/// <param name="Seed">Derived from the request body, so equal requests get equal answers.</param>
/// <param name="Azure">Called on an Azure route (/openai/...): the answer carries Azure's content-filter annotations.</param>
internal sealed record OperationContext(
    string Deployment,
    ulong Seed,
    FaultPlan Faults,
    DeploymentSettings Settings,
    DateTimeOffset Now,
    HttpContext Http,
    bool Azure,
    TokenCounter Tokens,
    int PromptTokens);

/// <param name="Body">Serialised with <see cref="WireJson.Options"/>.</param>
/// <param name="Latency">The wait before the first byte of the answer.</param>
/// <param name="Fault">A fault the operation applied to its own output (truncation, broken JSON).</param>
/// <param name="Stream">When set, written instead of <paramref name="Body"/> (a <c>stream: true</c> request).</param>
internal sealed record OperationResult(
    object Body,
    int CompletionTokens,
    int Images,
    TimeSpan Latency,
    FaultKind? Fault = null,
    IStreamedReply? Stream = null);

/// <summary>An answer sent as Server-Sent Events.</summary>
internal interface IStreamedReply
{
    /// <returns>The fault applied while streaming (a cut), or null.</returns>
    Task<FaultKind?> WriteAsync(HttpResponse response, TimeProvider time, CancellationToken cancellationToken);
}
