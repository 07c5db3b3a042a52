using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline.Activities;

namespace CatalogForge.Core.Tests.Jobs;

public sealed class FinalStatusTests
{
    private static ItemTally Tally(int succeeded, int failed, int cancelled) =>
        new(succeeded + failed + cancelled, 0, succeeded, failed, cancelled, 0, 0, 0, []);

    [Theory]
    [InlineData(5, 0, 0, false, JobStatus.Completed)]
    [InlineData(4, 1, 0, false, JobStatus.CompletedWithErrors)]
    [InlineData(0, 5, 0, false, JobStatus.Failed)]
    [InlineData(2, 0, 3, true, JobStatus.Cancelled)]
    [InlineData(2, 1, 2, true, JobStatus.Cancelled)]
    [InlineData(5, 0, 0, true, JobStatus.Cancelled)]
    [InlineData(3, 0, 2, false, JobStatus.Cancelled)] // a retry round of a cancelled job: its cancelled items stay cancelled
    public void Final_status_follows_the_item_tally(int succeeded, int failed, int cancelled, bool cancelRequested, JobStatus expected) =>
        Assert.Equal(expected, CompleteJobActivity.FinalStatus(Tally(succeeded, failed, cancelled), cancelRequested));
}
