using CatalogForge.Core.Ai;

namespace CatalogForge.Core.Tests.Ai;

public sealed class TokenSharesTests
{
    [Fact]
    public void Shares_follow_the_weights_and_add_up_to_the_total()
    {
        Assert.Equal([10L, 20L, 30L], TokenShares.Split(60, [1, 2, 3]));
        Assert.Equal([4L, 3L, 3L], TokenShares.Split(10, [1, 1, 1])); // the remainder to the first of equal remainders
        Assert.Equal([0L, 7L], TokenShares.Split(7, [0, 5]));
    }

    [Fact]
    public void A_total_that_differs_from_the_weights_is_still_split_exactly()
    {
        var shares = TokenShares.Split(101, [7, 13, 29, 1]);

        Assert.Equal(101, shares.Sum());
        Assert.Equal([14L, 26L, 59L, 2L], shares);
    }

    [Fact]
    public void Inputs_without_tokens_share_evenly()
    {
        Assert.Equal([2L, 1L], TokenShares.Split(3, [0, 0]));
        Assert.Empty(TokenShares.Split(0, []));
    }
}
