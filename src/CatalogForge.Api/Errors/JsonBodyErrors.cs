using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace CatalogForge.Api.Errors;

/// <summary>
/// Words a body-binding failure for the caller: a JSON syntax error by its position, a value of the wrong JSON type by
/// its field path and the JSON the field takes (<c>options.images</c>: "Must be true or false."). Never the
/// serializer's message, which names .NET types.
/// </summary>
public static partial class JsonBodyErrors
{
    /// <summary>The field path of a body-root error.</summary>
    public const string RootField = "$";

    /// <summary>
    /// True when the body was not JSON at all: the reader failed (the serializer wraps its reader exception, itself a
    /// <see cref="JsonException"/>). A value of the wrong type has no such inner exception, or a non-JSON one.
    /// </summary>
    public static bool IsSyntaxError(JsonException exception) => exception.InnerException is JsonException;

    /// <summary><c>$.options.priority</c> → <c>options.priority</c>; the root stays <see cref="RootField"/>.</summary>
    public static string FieldPath(JsonException exception) =>
        exception.Path is { Length: > 1 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : exception.Path is { Length: > 1 } other && other.StartsWith('$') ? other[1..]
        : RootField;

    /// <summary>
    /// What the field at <paramref name="exception"/>'s path takes, as a sentence ("Must be true or false."), from the
    /// body's type <paramref name="bodyType"/>; a neutral sentence when the type or the field cannot be found.
    /// </summary>
    public static string ExpectedValue(JsonException exception, Type? bodyType, JsonSerializerOptions options)
    {
        var type = bodyType is null ? null : FieldType(bodyType, exception.Path ?? RootField, options);
        return type is null ? "Has the wrong JSON type." : $"Must be {Describe(type, options)}.";
    }

    /// <summary>
    /// When the field at <paramref name="exception"/>'s path is one its object does not have (the request types refuse
    /// unknown members: a typo such as <c>options.prority</c> is an error, not a silently dropped value): the fields the
    /// object takes, in JSON names. Null when the field exists or the object cannot be found.
    /// </summary>
    public static IReadOnlyList<string>? UnknownFieldSiblings(JsonException exception, Type? bodyType, JsonSerializerOptions options)
    {
        var path = exception.Path ?? RootField;
        var segments = PathSegment().Matches(path);
        if (bodyType is null || segments.Count == 0 || !segments[^1].Groups["name"].Success && !segments[^1].Groups["quoted"].Success)
        {
            return null;
        }

        var parentPath = path[..segments[^1].Index];
        var parent = parentPath.Length <= 1 ? bodyType : FieldType(bodyType, parentPath, options);
        if (parent is null)
        {
            return null;
        }

        try
        {
            var info = options.GetTypeInfo(Nullable.GetUnderlyingType(parent) ?? parent);
            if (info.Kind != JsonTypeInfoKind.Object)
            {
                return null;
            }

            var name = segments[^1].Groups["name"].Success ? segments[^1].Groups["name"].Value : segments[^1].Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal);
            return info.Properties.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                ? null
                : info.Properties.Select(p => p.Name).ToList();
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static Type? FieldType(Type bodyType, string path, JsonSerializerOptions options)
    {
        try
        {
            var type = bodyType;
            foreach (Match segment in PathSegment().Matches(path))
            {
                var info = options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
                if (segment.Groups["index"].Success)
                {
                    type = info.ElementType;
                }
                else
                {
                    var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal);
                    type = info.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
                }

                if (type is null)
                {
                    return null;
                }
            }

            return type;
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string Describe(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(name => $"\"{JsonNamingPolicy.CamelCase.ConvertName(name)}\"").ToList();
            return names.Count == 1 ? names[0] : $"one of {string.Join(", ", names[..^1])} or {names[^1]} (a name, not a number)";
        }

        if (type == typeof(string) || type == typeof(char) || type == typeof(Guid) || type == typeof(DateTimeOffset)
            || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeSpan))
        {
            return "a string";
        }

        if (Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.Decimal)
        {
            return "a number";
        }

        return options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ => "a value of another JSON type",
        };
    }

    /// <summary>The segments of a System.Text.Json path: <c>.name</c>, <c>['quoted name']</c>, <c>[index]</c>.</summary>
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
