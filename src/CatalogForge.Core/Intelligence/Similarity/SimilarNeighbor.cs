namespace CatalogForge.Core.Intelligence.Similarity;

/// <summary>Row <see cref="Index"/> has cosine similarity <see cref="Score"/> (−1…1) with the row it is listed for.</summary>
public readonly record struct SimilarNeighbor(int Index, float Score);

/// <summary>Rows <see cref="First"/> &lt; <see cref="Second"/> with cosine similarity <see cref="Score"/>.</summary>
public readonly record struct SimilarPair(int First, int Second, float Score);
