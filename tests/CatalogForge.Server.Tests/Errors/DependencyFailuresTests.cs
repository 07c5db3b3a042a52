using Azure;
using CatalogForge.Api.Errors;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;

namespace CatalogForge.Server.Tests.Errors;

/// <summary>Which failures the API answers 503 with <c>Retry-After</c> (worth retrying) rather than 500.</summary>
public sealed class DependencyFailuresTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        { new RequestFailedException(503, "busy"), true },
        { new RequestFailedException(0, "no response"), true },
        { new AggregateException(new RequestFailedException(500, "a"), new HttpRequestException("b")), true },
        { new TimeoutException(), true },
        { new JobWriteSweptException("tenant-a", "job-1"), true },
        { new RequestFailedException(400, "bad request"), false },
        { new AggregateException(new RequestFailedException(503, "a"), new InvalidOperationException("b")), false },
        { new ClassifiedException(ErrorClass.Storage, "a content blob is missing"), false },
        { new InvalidOperationException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Outages_and_a_write_that_met_the_abandoned_write_sweep_are_unavailability(Exception exception, bool unavailable) =>
        Assert.Equal(unavailable, DependencyFailures.IsUnavailable(exception));
}
