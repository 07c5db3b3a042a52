using CatalogForge.Core.Ai;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Health;

/// <summary>
/// Readiness: every AI provider endpoint that a deployment uses answers HTTP at all (any status code counts — a 401 or 404 still
/// proves the endpoint is reachable; this check spends no tokens).
/// </summary>
public sealed class AiEndpointHealthCheck(IOptions<AiOptions> options, IHttpClientFactory httpClients) : IHealthCheck
{
    public const string HttpClientName = "ai-readiness";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var failures = new List<string>();
        var used = options.Value.Deployments.Values.Select(d => d.Provider).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, provider) in options.Value.Providers.Where(p => used.Contains(p.Key)))
        {
            try
            {
                using var response = await client.GetAsync(provider.Endpoint, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{name} ({provider.Endpoint}): {ex.GetType().Name}");
            }
        }

        return failures.Count == 0
            ? HealthCheckResult.Healthy($"{used.Count} AI provider endpoint(s) reachable.")
            : HealthCheckResult.Unhealthy("Unreachable AI provider endpoint(s): " + string.Join("; ", failures));
    }
}
