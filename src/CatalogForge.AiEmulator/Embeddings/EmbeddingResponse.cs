namespace CatalogForge.AiEmulator.Embeddings;

// The embeddings list object, serialised snake_case by WireJson.

internal sealed record EmbeddingResponse(string Object, IReadOnlyList<EmbeddingItem> Data, string Model, EmbeddingUsage Usage);

/// <param name="Embedding">A float array, or a base64 string when encoding_format was base64.</param>
internal sealed record EmbeddingItem(string Object, int Index, object Embedding);

internal sealed record EmbeddingUsage(int PromptTokens, int TotalTokens);
