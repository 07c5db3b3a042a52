namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// Pre-call cost estimates for budget reservations: ~4 characters per token for input, the full output budget
/// (<see cref="AiDeploymentOptions.MaxOutputTokens"/>) for chat output, <see cref="AiDeploymentOptions.ImagePrice"/> per image
/// (the price of the deployment's size and quality).
/// </summary>
public static class CostEstimator
{
    public const int CharsPerToken = 4;

    /// <summary>Estimated tokens for <paramref name="chars"/> characters (rounded up).</summary>
    public static long EstimateTokens(long chars)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chars);
        return (chars + CharsPerToken - 1) / CharsPerToken;
    }

    /// <summary>(prompt chars / 4) × input price + MaxOutputTokens × output price.</summary>
    public static decimal EstimateChat(AiDeploymentOptions deployment, params IEnumerable<string?> promptParts)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var chars = promptParts.Sum(p => (long)(p?.Length ?? 0));
        return Money.TokenCost(EstimateTokens(chars), Math.Max(0, deployment.MaxOutputTokens), deployment);
    }

    /// <summary>(chars / 4) × input price.</summary>
    public static decimal EstimateEmbedding(AiDeploymentOptions deployment, string text)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return Money.TokenCost(EstimateTokens(text?.Length ?? 0), 0, deployment);
    }

    /// <summary>The deployment's image price (by size and quality) × <paramref name="images"/>.</summary>
    public static decimal EstimateImage(AiDeploymentOptions deployment, int images = 1)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentOutOfRangeException.ThrowIfNegative(images);
        return deployment.ImagePrice() * images;
    }
}
