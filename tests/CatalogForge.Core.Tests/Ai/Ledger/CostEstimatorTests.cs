using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Ledger;

namespace CatalogForge.Core.Tests.Ai.Ledger;

public sealed class CostEstimatorTests
{
    [Fact]
    public void Chat_is_prompt_tokens_at_input_price_plus_max_output_at_output_price()
    {
        var d = new AiDeploymentOptions { Model = "gpt-4o", InputPerMillion = 2.50m, OutputPerMillion = 10m, MaxOutputTokens = 1000 };
        // "hello world" is 2 tokens; 2 messages × (2 + 4 framing) + 3 reply priming = 15 tokens → 15 × 2.5/1M + 1000 × 10/1M
        Assert.Equal(15 * 2.5m / 1_000_000m + 0.01m, CostEstimator.EstimateChat(d, "hello world", "hello world"));
    }

    [Theory]
    [InlineData("gpt-4o-mini", "o200k_base")]
    [InlineData("gpt-4.1", "o200k_base")]
    [InlineData("o3-mini", "o200k_base")]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("gpt-35-turbo", "cl100k_base")]
    [InlineData("text-embedding-3-small", "cl100k_base")]
    [InlineData("my-own-deployment", "o200k_base")]
    public void Each_model_family_counts_with_its_own_encoding(string model, string encoding) =>
        Assert.Equal(encoding, ModelTokens.EncodingFor(model));

    [Fact]
    public void Counts_are_the_tokenizers_not_characters_over_four()
    {
        // 40 repeated characters are far fewer than 10 tokens; an emoji is one character pair but several tokens.
        Assert.InRange(ModelTokens.Count("gpt-4o", new string('a', 40)), 1, 9);
        Assert.Equal(2, ModelTokens.Count("gpt-4o", "hello world"));
        Assert.Equal(0, ModelTokens.Count("gpt-4o", ""));
    }

    [Fact]
    public void Embedding_and_image()
    {
        var e = new AiDeploymentOptions { Model = "text-embedding-3-small", InputPerMillion = 0.02m };
        Assert.Equal(2 * 0.02m / 1_000_000m, CostEstimator.EstimateEmbedding(e, "hello world"));
        var i = new AiDeploymentOptions { PerImage = 0.04m };
        Assert.Equal(0.04m, CostEstimator.EstimateImage(i));
        Assert.Equal(0.12m, CostEstimator.EstimateImage(i, 3));
    }

    [Theory]
    [InlineData("1024x1024", "", 0.04)]
    [InlineData("1024x1024", "standard", 0.04)]
    [InlineData("1024x1024", "HD", 0.08)]
    [InlineData("1792x1024", "hd", 0.12)]
    [InlineData("512x512", "standard", 0.02)] // no entry for the size: PerImage
    public void Image_price_follows_the_deployments_size_and_quality(string size, string quality, double expected)
    {
        var d = new AiDeploymentOptions
        {
            Task = AiTask.Image,
            PerImage = 0.02m,
            ImageSize = size,
            ImageQuality = quality,
            ImagePrices = new(StringComparer.OrdinalIgnoreCase)
            {
                ["1024x1024"] = new() { ["standard"] = 0.04m, ["hd"] = 0.08m },
                ["1792x1024"] = new() { ["standard"] = 0.08m, ["hd"] = 0.12m },
            },
        };

        Assert.Equal((decimal)expected, d.ImagePrice());
        Assert.Equal((decimal)expected * 2, CostEstimator.EstimateImage(d, 2));
    }
}
