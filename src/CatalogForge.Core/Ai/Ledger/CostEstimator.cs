namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// Pre-call cost estimates for budget reservations: input tokens counted with the model family's tokenizer
/// (<see cref="ModelTokens"/>), the full output budget
/// (<see cref="AiDeploymentOptions.MaxOutputTokens"/>) for chat output, <see cref="AiDeploymentOptions.ImagePrice"/> per image
/// (the price of the deployment's size and quality).
/// </summary>
public static class CostEstimator
{
    /// <summary>Prompt tokens (one message per part) × input price + MaxOutputTokens × output price.</summary>
    public static decimal EstimateChat(AiDeploymentOptions deployment, params IEnumerable<string?> promptParts)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return Money.TokenCost(ModelTokens.CountChat(deployment.Model, promptParts), Math.Max(0, deployment.MaxOutputTokens), deployment);
    }

    /// <summary>Input tokens × input price.</summary>
    public static decimal EstimateEmbedding(AiDeploymentOptions deployment, string text)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return Money.TokenCost(ModelTokens.Count(deployment.Model, text), 0, deployment);
    }

    /// <summary>The deployment's image price (by size and quality) × <paramref name="images"/>.</summary>
    public static decimal EstimateImage(AiDeploymentOptions deployment, int images = 1)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentOutOfRangeException.ThrowIfNegative(images);
        return deployment.ImagePrice() * images;
    }
}
