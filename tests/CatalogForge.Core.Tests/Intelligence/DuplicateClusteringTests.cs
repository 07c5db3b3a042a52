using CatalogForge.Core.Intelligence.Duplicates;
using CatalogForge.Core.Intelligence.Similarity;

namespace CatalogForge.Core.Tests.Intelligence;

public sealed class DuplicateClusteringTests
{
    private static readonly string[] Ids = ["p0", "p1", "p2", "p3", "p4", "p5", "p6"];

    [Fact]
    public void Pairs_joined_through_a_common_member_form_one_cluster_with_all_their_scores()
    {
        SimilarPair[] pairs = [new(0, 1, 0.9f), new(4, 5, 0.95f), new(1, 2, 0.87f), new(0, 2, 0.86f), new(3, 6, 0.88f), new(2, 6, 0.91f)];

        var clusters = DuplicateClustering.Group(Ids, pairs);

        var big = Assert.Single(clusters, c => c.Members.Count > 2);
        Assert.Equal(["p0", "p1", "p2", "p3", "p6"], big.Members);
        Assert.Equal(5, big.Pairs.Count);
        Assert.Equal(new DuplicatePair("p2", "p6", 0.91f), big.Pairs.Single(p => p.First == "p2" && p.Second == "p6"));
        Assert.Equal(0.91f, big.MaxScore);
        Assert.Equal(0.86f, big.MinScore);
        var small = clusters[1];
        Assert.Equal(["p4", "p5"], small.Members);
        Assert.Same(big, clusters[0]);
    }

    [Fact]
    public void The_key_names_the_member_set_whatever_order_the_pairs_came_in()
    {
        var one = DuplicateClustering.Group(Ids, [new SimilarPair(0, 1, 0.9f), new SimilarPair(1, 2, 0.9f)]);
        var other = DuplicateClustering.Group(Ids, [new SimilarPair(1, 2, 0.88f), new SimilarPair(0, 2, 0.9f)]);

        Assert.Equal(one[0].Key, other[0].Key);
        Assert.Equal(DuplicateClustering.KeyOf(["p2", "p0", "p1"]), one[0].Key);
        Assert.NotEqual(DuplicateClustering.KeyOf(["p0", "p1"]), one[0].Key);
    }

    [Fact]
    public void No_pairs_no_clusters() => Assert.Empty(DuplicateClustering.Group(Ids, []));
}
