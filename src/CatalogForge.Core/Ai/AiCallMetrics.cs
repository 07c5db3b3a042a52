using CatalogForge.Core.Domain;
using CatalogForge.Core.Telemetry;

namespace CatalogForge.Core.Ai;

/// <summary>A model call in the <c>CatalogForge</c> meter's terms (GenAI operation names, error classes as <c>error.type</c>).</summary>
internal static class AiCallMetrics
{
    public static void Record(AiCallContext context, AiTask task, RoutedDeployment deployment, AiUsage usage, AiCallTrace trace, ErrorClass? failure) =>
        CatalogForgeMetrics.ModelCall(new ModelCallRecord(
            context.TenantId, Operation(task), deployment.Options.Provider, deployment.Name, deployment.Options.Model,
            usage.InputTokens, usage.OutputTokens, usage.CostUsd, usage.CacheHit, trace.FallbackFrom, failure?.ToString()));

    public static void Duration(RoutedDeployment deployment, AiTask task, TimeSpan elapsed, ErrorClass? failure) =>
        CatalogForgeMetrics.ModelCallDuration(elapsed, deployment.Name, Operation(task), deployment.Options.Model, failure?.ToString());

    /// <summary>The GenAI convention's <c>gen_ai.operation.name</c> (images have none there; <c>image_generation</c> is ours).</summary>
    private static string Operation(AiTask task) => task switch
    {
        AiTask.Chat => "chat",
        AiTask.Embedding => "embeddings",
        _ => "image_generation",
    };
}
