using System.Text.Json;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>
/// The numeric limits of a schema, reading both the 2020-12 form (exclusiveMinimum is a number)
/// and the draft-4 form (exclusiveMinimum is a boolean that modifies minimum).
/// </summary>
internal readonly record struct NumericBounds(double? Minimum, bool MinimumExclusive, double? Maximum, bool MaximumExclusive)
{
    public static NumericBounds Read(JsonElement schema)
    {
        var minimum = SchemaKeywords.Number(schema, "minimum");
        var maximum = SchemaKeywords.Number(schema, "maximum");
        var minimumExclusive = false;
        var maximumExclusive = false;

        if (SchemaKeywords.TryGet(schema, "exclusiveMinimum", out var exclusiveMinimum))
        {
            if (exclusiveMinimum.ValueKind == JsonValueKind.Number && (minimum is null || exclusiveMinimum.GetDouble() >= minimum))
            {
                minimum = exclusiveMinimum.GetDouble();
                minimumExclusive = true;
            }
            else if (exclusiveMinimum.ValueKind == JsonValueKind.True)
            {
                minimumExclusive = minimum.HasValue;
            }
        }

        if (SchemaKeywords.TryGet(schema, "exclusiveMaximum", out var exclusiveMaximum))
        {
            if (exclusiveMaximum.ValueKind == JsonValueKind.Number && (maximum is null || exclusiveMaximum.GetDouble() <= maximum))
            {
                maximum = exclusiveMaximum.GetDouble();
                maximumExclusive = true;
            }
            else if (exclusiveMaximum.ValueKind == JsonValueKind.True)
            {
                maximumExclusive = maximum.HasValue;
            }
        }

        return new NumericBounds(minimum, minimumExclusive, maximum, maximumExclusive);
    }

    public bool Admits(double value) =>
        double.IsFinite(value)
        && (Minimum is not { } min || (MinimumExclusive ? value > min : value >= min))
        && (Maximum is not { } max || (MaximumExclusive ? value < max : value <= max));
}
