namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// A deployment's client-side limits as Azure OpenAI enforces them: <see cref="RequestsPerWindow"/> requests per
/// 10 s window (RPM/6, at least 1) and, when set, <see cref="TokensPerMinute"/> tokens per sliding minute.
/// <see cref="TransitMargin"/> lengthens both windows by the time a request may take to reach the server.
/// </summary>
public sealed record DeploymentRateLimits(int RequestsPerWindow, int? TokensPerMinute, TimeSpan TransitMargin = default)
{
    public static readonly TimeSpan RequestWindow = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan TokenWindow = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The deployment's limits, or null when neither <c>RequestsPerMinute</c> nor <c>TokensPerMinute</c> is set (no client-side limit).
    /// Without <c>RequestsPerMinute</c> the request limit follows from the tokens like Azure's: 6 RPM per 1,000 TPM.
    /// </summary>
    public static DeploymentRateLimits? From(AiDeploymentOptions deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.RequestsPerMinute is null && deployment.TokensPerMinute is null)
        {
            return null;
        }

        var requestsPerMinute = deployment.RequestsPerMinute ?? (int)Math.Min(int.MaxValue, deployment.TokensPerMinute!.Value * 6L / 1000);
        return new DeploymentRateLimits(
            Math.Max(1, requestsPerMinute / 6), deployment.TokensPerMinute, TimeSpan.FromMilliseconds(deployment.RateLimitMarginMs));
    }
}
