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

    [Fact]
    public void A_created_range_is_a_row_key_range()
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var before = JobIds.New(t0.AddMilliseconds(-1));
        var atStart = JobIds.New(t0);
        var inside = JobIds.New(t0.AddMinutes(30));
        var atEnd = JobIds.New(t0.AddHours(1));

        // [t0, t0 + 1h) ⇔ RowKey ge Bound(t0 + 1h) and RowKey lt Bound(t0)
        var upper = JobIds.RowKeyBound(t0);
        var lower = JobIds.RowKeyBound(t0.AddHours(1));
        bool InRange(string id) => string.CompareOrdinal(id, lower) >= 0 && string.CompareOrdinal(id, upper) < 0;

        Assert.False(InRange(before));
        Assert.True(InRange(atStart));
        Assert.True(InRange(inside));
        Assert.False(InRange(atEnd));
    }

    [Fact]
    public void Times_a_job_id_cannot_encode_are_refused_as_bounds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JobIds.RowKeyBound(DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentOutOfRangeException>(() => JobIds.RowKeyBound(DateTimeOffset.MaxValue));
        Assert.Equal(13, JobIds.RowKeyBound(JobIds.MinCreated).Length);
        Assert.Equal(13, JobIds.RowKeyBound(JobIds.MaxCreated).Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("9999999999999abcz")]
    public void Malformed_ids_are_refused(string? id) => Assert.False(JobIds.IsWellFormed(id));
}
