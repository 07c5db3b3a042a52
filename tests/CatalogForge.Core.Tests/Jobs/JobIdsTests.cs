using CatalogForge.Core.Jobs;

namespace CatalogForge.Core.Tests.Jobs;

public sealed class JobIdsTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Newer_jobs_sort_first_and_ids_are_well_formed()
    {
        var older = JobIds.New(new FixedTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var newer = JobIds.New(new FixedTime(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero)));

        Assert.True(string.CompareOrdinal(newer, older) < 0);
        Assert.True(JobIds.IsWellFormed(older));
        Assert.True(JobIds.IsWellFormed(newer));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("9999999999999abcz")]
    public void Malformed_ids_are_refused(string? id) => Assert.False(JobIds.IsWellFormed(id));
}
