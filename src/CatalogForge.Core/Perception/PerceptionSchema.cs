using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogForge.Core.Perception;

/// <summary>
/// The JSON schema a probe's answer must follow: <c>{"brands":[{"brand","sentiment","reason"}]}</c>, the brands in the
/// order the model ranks them, <c>brand</c> an <c>enum</c> of the profile's names plus <c>other</c>, <c>sentiment</c> a
/// number from −1 to 1, <c>reason</c> one line.
/// </summary>
public static class PerceptionSchema
{
    public const string Name = "brand_perception";
    public const int MaxReasonLength = 200;

    /// <summary>At most every profile brand and one "other" per answer, plus slack for a model that repeats a name.</summary>
    public static int MaxBrands(BrandProfile profile) => profile.AllBrands.Count + 5;

    public static JsonElement For(BrandProfile profile)
    {
        var names = new JsonArray([.. profile.AllBrands.Select(name => (JsonNode?)JsonValue.Create(name)), JsonValue.Create(BrandProfileRules.Other)]);
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["brands"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "The brands the answer recommends or names, best first.",
                    ["maxItems"] = MaxBrands(profile),
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["brand"] = new JsonObject { ["type"] = "string", ["enum"] = names },
                            ["sentiment"] = new JsonObject { ["type"] = "number", ["minimum"] = -1, ["maximum"] = 1 },
                            ["reason"] = new JsonObject { ["type"] = "string", ["maxLength"] = MaxReasonLength },
                        },
                        ["required"] = new JsonArray("brand", "sentiment", "reason"),
                        ["additionalProperties"] = false,
                    },
                },
            },
            ["required"] = new JsonArray("brands"),
            ["additionalProperties"] = false,
        };
        return JsonSerializer.SerializeToElement(schema);
    }
}
