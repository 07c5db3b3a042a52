using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Ledger;

namespace CatalogForge.Core.Tests.Ai.Ledger;

public sealed class CostEstimatorTests
{
    [Fact]
    public void Chat_is_prompt_chars_over_four_at_input_price_plus_max_output_at_output_price()
    {
        var d = new AiDeploymentOptions { InputPerMillion = 2.50m, OutputPerMillion = 10m, MaxOutputTokens = 1000 };
        // 400 + 400 chars = 200 tokens → 200 × 2.5/1M + 1000 × 10/1M
        Assert.Equal(0.0005m + 0.01m, CostEstimator.EstimateChat(d, new string('a', 400), new string('b', 400)));
        Assert.Equal(1, CostEstimator.EstimateTokens(1));
        Assert.Equal(0, CostEstimator.EstimateTokens(0));
    }

    [Fact]
    public void Embedding_and_image()
    {
        var e = new AiDeploymentOptions { InputPerMillion = 0.02m };
        Assert.Equal(1_000 * 0.02m / 1_000_000m, CostEstimator.EstimateEmbedding(e, new string('x', 4_000)));
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
