using CatalogForge.Core.Intelligence.Drift;
using CatalogForge.Core.Intelligence.Duplicates;
using CatalogForge.Core.Intelligence.Similarity;

namespace CatalogForge.Core.Tests.Intelligence;

public sealed class CatalogDriftTests
{
    [Fact]
    public void Added_removed_and_changed_products_and_the_churn_share()
    {
        var yesterday = State(("a", "h1", "books", null), ("b", "h2", "books", null), ("c", "h3", "toys", null), ("d", "h4", "toys", null));
        var today = State(("a", "h1", "books", null), ("b", "h2-new", "books", null), ("d", "h4", "toys", null), ("e", "h5", "toys", null), ("f", "h6", "games", null));

        var drift = CatalogDrift.Compute(yesterday, today);

        Assert.Equal(["e", "f"], drift.Added);
        Assert.Equal(["c"], drift.Removed);
        Assert.Equal(["b"], drift.Changed);
        Assert.Equal(4.0 / 6, drift.ChurnShare, 12); // e, f, c, b of a..f
    }

    [Fact]
    public void Centroid_shift_is_one_minus_the_cosine_of_the_two_centroids_and_size_change_is_counted()
    {
        // books: yesterday along x, today half x half y → centroid (0.5, 0.5): cosine with x is 1/√2.
        var yesterdayVectors = UnitVectors.Normalize([new float[] { 1, 0, 0 }, new float[] { 2, 0, 0 }, new float[] { 0, 0, 1 }], 3);
        var todayVectors = UnitVectors.Normalize([new float[] { 1, 0, 0 }, new float[] { 0, 3, 0 }, new float[] { 0, 0, 1 }, new float[] { 0, 0, 5 }], 3);
        var yesterday = CategoryCentroids.Compute(yesterdayVectors, ["books", "books", "toys"]);
        var today = CategoryCentroids.Compute(todayVectors, ["books", "books", "toys", "toys"]);

        var drift = CatalogDrift.Compute(new CatalogState(Facts(), yesterday, []), new CatalogState(Facts(), today, []));

        var books = drift.Categories.Single(c => c.Category == "books");
        Assert.Equal(1 - Math.Sqrt(0.5), books.CentroidShift!.Value, 6);
        Assert.Equal(0, books.SizeChange);
        var toys = drift.Categories.Single(c => c.Category == "toys");
        Assert.Equal(0, toys.CentroidShift!.Value, 6);
        Assert.Equal(1, toys.SizeChange);
        Assert.Equal(1 - Math.Sqrt(0.5), drift.MaxCentroidShift, 6);
    }

    [Fact]
    public void A_category_on_one_side_only_has_a_size_change_and_no_shift()
    {
        var yesterday = CategoryCentroids.Compute(UnitVectors.Normalize([new float[] { 1, 0 }], 2), ["old"]);
        var today = CategoryCentroids.Compute(UnitVectors.Normalize([new float[] { 0, 1 }, new float[] { 0, 1 }], 2), ["new", "new"]);

        var drift = CatalogDrift.Compute(new CatalogState(Facts(), yesterday, []), new CatalogState(Facts(), today, []));

        Assert.Equal([new CategoryDrift("new", 0, 2, null), new CategoryDrift("old", 1, 0, null)], drift.Categories);
        Assert.Equal(0, drift.MaxCentroidShift);
    }

    [Fact]
    public void Price_hint_changes_with_their_relative_change()
    {
        var yesterday = State(("a", "h", null, new PriceFact(10m, "USD")), ("b", "h", null, new PriceFact(5m, "USD")),
            ("c", "h", null, new PriceFact(5m, "USD")), ("d", "h", null, null));
        var today = State(("a", "h", null, new PriceFact(12.5m, "USD")), ("b", "h", null, new PriceFact(5m, "USD")),
            ("c", "h", null, new PriceFact(5m, "EUR")), ("d", "h", null, new PriceFact(1m, "USD")));

        var drift = CatalogDrift.Compute(yesterday, today);

        Assert.Equal(["a", "c", "d"], drift.PriceChanges.Select(p => p.ProductId));
        Assert.Equal(0.25, drift.PriceChanges[0].RelativeChange!.Value, 12);
        Assert.Null(drift.PriceChanges[1].RelativeChange);
        Assert.Null(drift.PriceChanges[2].Previous);
    }

    [Fact]
    public void A_cluster_is_new_unless_all_its_members_were_in_one_cluster_before()
    {
        var known = Cluster("a", "b", "c");
        var shrunk = Cluster("a", "b");
        var grown = Cluster("d", "e", "f");
        var fresh = Cluster("x", "y");
        var yesterday = new CatalogState(Facts(), new Dictionary<string, CategoryCentroid>(), [known, Cluster("d", "e")]);
        var today = new CatalogState(Facts(), new Dictionary<string, CategoryCentroid>(), [shrunk, grown, fresh]);

        var drift = CatalogDrift.Compute(yesterday, today);

        Assert.Equal([grown.Key, fresh.Key], drift.NewClusters.Select(c => c.Key));
    }

    [Fact]
    public void Without_a_previous_snapshot_everything_is_added_and_nothing_drifts()
    {
        var today = State(("a", "h", "books", null));
        var withCluster = today with { Clusters = [Cluster("a", "b")] };

        var drift = CatalogDrift.Compute(null, withCluster);

        Assert.False(drift.HasPrevious);
        Assert.Equal(["a"], drift.Added);
        Assert.Equal(0, drift.ChurnShare);
        Assert.Empty(drift.NewClusters);
    }

    private static CatalogState State(params (string Id, string Hash, string? Category, PriceFact? Price)[] products) =>
        new(products.ToDictionary(p => p.Id, p => new ProductFacts(p.Hash, p.Category, p.Price)), new Dictionary<string, CategoryCentroid>(), []);

    private static Dictionary<string, ProductFacts> Facts() => [];

    private static DuplicateCluster Cluster(params string[] members) =>
        new(DuplicateClustering.KeyOf(members), members, members.Skip(1).Select(m => new DuplicatePair(members[0], m, 0.9f)).ToList());
}
