using System.Net;
using CatalogForge.Api.Errors;
using CatalogForge.Api.Tenancy;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Errors;

/// <summary>Storage that does not answer: the API says "try again later" (503 + Retry-After), not 500 or 401.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Requests_during_a_storage_outage_are_503_with_Retry_After_for_known_and_unknown_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var closed = Unreachable.ClosedPort();
        await using var server = Unreachable.Server(closed);

        // A key resolved before the outage (still in the key cache): its tenant's query hits the storage.
        const string cachedKey = "cfk_cached-before-the-outage";
        server.Services.GetRequiredService<ApiKeyCache>().Remember(
            ApiKeyHasher.Hash(cachedKey),
            new ApiKeyRecord("outage-tenant", "key-outage", "outage", DateTimeOffset.UtcNow, null, null, null),
            DateTimeOffset.UtcNow);

        foreach (var key in new[] { cachedKey, "cfk_not-known-anywhere" })
        {
            using var client = server.CreateClient(key);
            using var response = await client.GetAsync("/api/jobs", ct);

            var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable, ct);
            Assert.Equal(ApiExceptionHandler.UnavailableTitle, problem.Title);
            Assert.Equal(ApiExceptionHandler.UnavailableType, problem.Body.GetProperty("type").GetString());
            Assert.Equal(TimeSpan.FromSeconds(ApiExceptionHandler.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.False(string.IsNullOrWhiteSpace(problem.TraceId), problem.Raw);
            Assert.False(response.Headers.WwwAuthenticate.Count > 0, $"{key}: an outage is not an authentication failure");
            Unreachable.AssertNoInternals(problem.Raw, closed);
        }
    }
}
