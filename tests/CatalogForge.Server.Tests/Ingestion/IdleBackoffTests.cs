using CatalogForge.Server.Ingestion;

namespace CatalogForge.Server.Tests.Ingestion;

public sealed class IdleBackoffTests
{
    [Fact]
    public void Delays_double_up_to_the_maximum_and_reset_to_the_minimum()
    {
        var backoff = new IdleBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        var first = Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalSeconds).ToList();
        backoff.Reset();

        Assert.Equal([1, 2, 4, 5, 5], first);
        Assert.Equal(1, backoff.Next().TotalSeconds);
    }
}
