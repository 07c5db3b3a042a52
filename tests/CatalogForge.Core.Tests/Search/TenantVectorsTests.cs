using CatalogForge.Core.Search;

namespace CatalogForge.Core.Tests.Search;

public sealed class TenantVectorsTests
{
    [Fact]
    public void Top_k_is_exact_cosine_best_first_with_ties_in_id_order()
    {
        var vectors = new TenantVectors(3,
        [
            ("p-a", "A", [1, 0, 0]),
            ("p-b", "B", [10, 10, 0]),   // cosine with (1,1,0) = 1, whatever its length
            ("p-c", "C", [0, 0, 1]),
            ("p-d", "D", [0, 2, 0]),
            ("p-e", "E", [0, 0, -3]),
        ]);

        var top = vectors.TopK([1, 1, 0], 4);

        Assert.Equal(["p-b", "p-a", "p-d", "p-c"], top.Select(hit => vectors.ProductIds[hit.Row]));
        Assert.Equal(1f, top[0].Score, 5);
        Assert.Equal(MathF.Sqrt(0.5f), top[1].Score, 5);
        Assert.Equal(MathF.Sqrt(0.5f), top[2].Score, 5);
        Assert.Equal(0f, top[3].Score, 5);
    }

    [Fact]
    public void Asking_for_more_than_there_are_returns_all_and_an_empty_set_returns_none()
    {
        var vectors = new TenantVectors(2, [("x", "X", [0, 1]), ("y", "Y", [1, 0])]);

        Assert.Equal(["x", "y"], vectors.TopK([0.1f, 1], 10).Select(hit => vectors.ProductIds[hit.Row]));
        Assert.Empty(new TenantVectors(2, []).TopK([1, 0], 5));
    }

    [Fact]
    public void Vectors_of_another_length_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new TenantVectors(3, [("x", "X", [1, 0])]));
        Assert.Throws<ArgumentException>(() => new TenantVectors(2, [("x", "X", [1, 0])]).TopK([1, 0, 0], 1));
    }
}
