using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;

namespace CatalogForge.AiEmulator.Tests;

public sealed class EmbeddingTests
{
    [Fact]
    public async Task Texts_sharing_words_are_closer_than_unrelated_texts()
    {
        await using var emulator = await Emulator.StartAsync();
        var embedder = Emulator.AzureClient(emulator).GetEmbeddingClient("emb").AsIEmbeddingGenerator();
        string[] texts =
        [
            "red cotton crew neck t-shirt",
            "red cotton v neck t-shirt for summer",
            "stainless steel electric kettle with auto shut-off",
        ];

        var embeddings = await embedder.GenerateAsync(texts, new EmbeddingGenerationOptions { Dimensions = 256 }, TestContext.Current.CancellationToken);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, embedding => Assert.Equal(256, embedding.Vector.Length));
        Assert.All(embeddings, embedding => Assert.Equal(1.0, Vectors.Norm(embedding.Vector.Span), 4));
        var related = Vectors.Cosine(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        var unrelated = Vectors.Cosine(embeddings[0].Vector.Span, embeddings[2].Vector.Span);
        Assert.True(related > unrelated + 0.3, $"related {related:F3} vs unrelated {unrelated:F3}");
        Assert.True(embeddings.Usage!.InputTokenCount > 0);
    }

    [Fact]
    public async Task Vectors_are_deterministic_and_default_to_1536_dimensions_on_the_v1_route()
    {
        await using var emulator = await Emulator.StartAsync();
        var embedder = Emulator.OpenAiClient(emulator).GetEmbeddingClient("text-embedding-3-small").AsIEmbeddingGenerator();
        var cancellationToken = TestContext.Current.CancellationToken;

        var first = await embedder.GenerateAsync(["walnut cutting board"], cancellationToken: cancellationToken);
        var second = await embedder.GenerateAsync(["walnut cutting board"], cancellationToken: cancellationToken);

        Assert.Equal(1536, first[0].Vector.Length);
        Assert.Equal(first[0].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal("text-embedding-3-small", Assert.Single(emulator.State.Requests.Select(r => r.Deployment).Distinct()));
    }

    [Fact]
    public async Task Float_and_base64_encodings_carry_the_same_vector()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;

        using var floatResponse = await http.PostAsJsonAsync("v1/embeddings", new { model = "emb", input = "a b", dimensions = 8 }, cancellationToken);
        using var base64Response = await http.PostAsJsonAsync("v1/embeddings", new { model = "emb", input = new[] { "a b" }, dimensions = 8, encoding_format = "base64" }, cancellationToken);

        using var floatBody = JsonDocument.Parse(await floatResponse.Content.ReadAsStringAsync(cancellationToken));
        using var base64Body = JsonDocument.Parse(await base64Response.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal("list", floatBody.RootElement.GetProperty("object").GetString());
        var item = Assert.Single(floatBody.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("embedding", item.GetProperty("object").GetString());
        Assert.Equal(0, item.GetProperty("index").GetInt32());
        var floats = item.GetProperty("embedding").EnumerateArray().Select(value => value.GetSingle()).ToArray();
        var bytes = Convert.FromBase64String(base64Body.RootElement.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        var decoded = Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray();
        Assert.Equal(8, floats.Length);
        Assert.Equal(floats, decoded);
        Assert.Equal(Tokens.Count("a b"), floatBody.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(Tokens.Count("a b"), floatBody.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task An_array_input_gets_one_embedding_per_input_in_order_and_the_tokens_of_all_inputs()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;
        string[] texts = ["walnut cutting board", "red cotton t-shirt with a crew neck", "kettle"];

        using var batch = await http.PostAsJsonAsync("v1/embeddings", new { model = "emb", input = texts, dimensions = 16 }, cancellationToken);
        using var body = JsonDocument.Parse(await batch.Content.ReadAsStringAsync(cancellationToken));

        var data = body.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], data.Select(item => item.GetProperty("index").GetInt32()));
        for (var i = 0; i < texts.Length; i++)
        {
            using var single = await http.PostAsJsonAsync("v1/embeddings", new { model = "emb", input = texts[i], dimensions = 16 }, cancellationToken);
            using var singleBody = JsonDocument.Parse(await single.Content.ReadAsStringAsync(cancellationToken));
            Assert.Equal(
                singleBody.RootElement.GetProperty("data")[0].GetProperty("embedding").EnumerateArray().Select(value => value.GetSingle()),
                data[i].GetProperty("embedding").EnumerateArray().Select(value => value.GetSingle()));
        }

        Assert.Equal(texts.Sum(Tokens.Count), body.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(texts.Sum(Tokens.Count), emulator.State.Requests[0].PromptTokens);
    }
}
