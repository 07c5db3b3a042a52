using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Jobs;

/// <summary>Checks a submission completely before anything is written; errors are keyed by JSON path (e.g. <c>items[3].brief</c>).</summary>
public sealed partial class JobRequestValidator(IOptions<JobLimits> options)
{
    private const int ShortField = 200;

    /// <summary>Items as the API takes them: a field the item type does not have (a typo such as <c>breif</c>) is an error, not ignored.</summary>
    private static readonly JsonSerializerOptions StrictItems = new(CatalogJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public (ValidatedJob? Job, Dictionary<string, string[]> Errors) Validate(SubmitJobRequest request)
    {
        var limits = options.Value;
        var errors = new ErrorBag();
        JobKind? kind = request.Kind?.Trim().ToLowerInvariant() switch
        {
            "generate" => JobKind.Generate,
            "enrich" => JobKind.Enrich,
            null or "" => Fail(errors, "kind", "The job kind is required: 'generate' or 'enrich'."),
            _ when HasControlCharacter(request.Kind) => Fail(errors, "kind", ControlCharacterMessage),
            _ => Fail(errors, "kind", $"Unknown job kind '{Clip(request.Kind)}'; use 'generate' or 'enrich'."),
        };

        var items = new List<string>();
        if (request.Items is not { ValueKind: JsonValueKind.Array } array)
        {
            errors.Add("items", "Items must be a non-empty JSON array.");
        }
        else if (array.GetArrayLength() == 0)
        {
            errors.Add("items", "At least one item is required.");
        }
        else if (array.GetArrayLength() > limits.MaxItemsPerJob)
        {
            errors.Add("items", $"A job holds at most {limits.MaxItemsPerJob} items; this one has {array.GetArrayLength()}.");
        }
        else if (kind is { } known)
        {
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var json = known == JobKind.Generate
                    ? ValidateBrief(element, $"items[{index}]", errors, limits)
                    : ValidateRow(element, $"items[{index}]", errors, limits);
                if (json is not null)
                {
                    items.Add(json);
                }

                index++;
            }
        }

        var language = request.Options?.Language ?? "en";
        if (HasControlCharacter(language))
        {
            NoControlCharacters(errors, "options.language", language);
        }
        else if (!LanguageTag().IsMatch(language))
        {
            errors.Add("options.language", "Language must be a BCP 47 tag such as 'en' or 'pt-BR'.");
        }

        if (request.IdempotencyKey is { } key && (key.Length is 0 or > ShortField))
        {
            errors.Add("idempotencyKey", $"The idempotency key must be 1 to {ShortField} characters.");
        }

        NoControlCharacters(errors, "idempotencyKey", request.IdempotencyKey);

        if (errors.Count > 0 || kind is null)
        {
            return (null, errors.ToDictionary());
        }

        return (new ValidatedJob(kind.Value, items, request.Options?.Images ?? true,
            request.Options?.Priority ?? JobPriority.Normal, language, request.IdempotencyKey), []);
    }

    /// <summary>
    /// One item on its own, with the same rules as in <see cref="Validate"/>: queue ingestion keeps a file's valid rows
    /// and records the rest as failed items. Returns the stored JSON, or null with the errors keyed by <paramref name="path"/>.
    /// </summary>
    public (string? Json, Dictionary<string, string[]> Errors) ValidateItem(JobKind kind, JsonElement element, string path)
    {
        var errors = new ErrorBag();
        var json = kind == JobKind.Generate
            ? ValidateBrief(element, path, errors, options.Value)
            : ValidateRow(element, path, errors, options.Value);
        return (json, errors.ToDictionary());
    }

    /// <summary>The language rule of <see cref="Validate"/> (a BCP 47 tag such as 'en' or 'pt-BR').</summary>
    public static bool IsLanguageTag(string language) => LanguageTag().IsMatch(language);

    private static string? ValidateBrief(JsonElement element, string path, ErrorBag errors, JobLimits limits)
    {
        var brief = Parse<ProductBrief>(element, path, errors);
        if (brief is null)
        {
            return null;
        }

        var before = errors.Count;
        Require(errors, $"{path}.productType", brief.ProductType, ShortField);
        Require(errors, $"{path}.brief", brief.Brief, limits.MaxFieldLength);
        Optional(errors, $"{path}.workingTitle", brief.WorkingTitle, ShortField);
        Optional(errors, $"{path}.audience", brief.Audience, ShortField);
        Optional(errors, $"{path}.tone", brief.Tone, ShortField);
        List(errors, $"{path}.keywords", brief.Keywords, limits.MaxListItems);
        return errors.Count == before ? Stored(brief, path, errors) : null;
    }

    private static string? ValidateRow(JsonElement element, string path, ErrorBag errors, JobLimits limits)
    {
        var row = Parse<CatalogRow>(element, path, errors);
        if (row is null)
        {
            return null;
        }

        var before = errors.Count;
        Require(errors, $"{path}.sku", row.Sku, ShortField);
        Require(errors, $"{path}.name", row.Name, ShortField * 2);
        Optional(errors, $"{path}.description", row.Description, limits.MaxFieldLength);
        Optional(errors, $"{path}.category", row.Category, ShortField * 2);
        Optional(errors, $"{path}.brand", row.Brand, ShortField);
        if (row.Price is < 0)
        {
            errors.Add($"{path}.price", "Price cannot be negative.");
        }

        if (row.Attributes is { } attributes)
        {
            if (attributes.Count > limits.MaxListItems)
            {
                errors.Add($"{path}.attributes", $"At most {limits.MaxListItems} attributes.");
            }

            foreach (var (name, value) in attributes)
            {
                if (HasControlCharacter(name))
                {
                    errors.Add($"{path}.attributes", "Attribute names must not contain control characters other than tab, line feed and carriage return.");
                    continue;
                }

                Require(errors, $"{path}.attributes.{Clip(name)}", value, ShortField);
                if (name.Length > ShortField)
                {
                    errors.Add($"{path}.attributes", $"Attribute names are at most {ShortField} characters.");
                }
            }
        }

        return errors.Count == before ? Stored(row, path, errors) : null;
    }

    /// <summary>
    /// The item's stored JSON (<see cref="CatalogJson.StoredInput"/>), or null with an error on the item when it would
    /// not fit the <c>JobItems</c> row it is written to (<see cref="JobLimits.MaxStoredItemChars"/>).
    /// </summary>
    private static string? Stored<T>(T item, string path, ErrorBag errors)
    {
        var json = JsonSerializer.Serialize(item, CatalogJson.StoredInput);
        if (json.Length > JobLimits.MaxStoredItemChars)
        {
            errors.Add(path, $"This item is {json.Length} characters as stored JSON; an item holds at most {JobLimits.MaxStoredItemChars} " +
                "(the storage limit of one table property). Shorten its fields.");
            return null;
        }

        return json;
    }

    private static T? Parse<T>(JsonElement element, string path, ErrorBag errors) where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Each item must be a JSON object.");
            return null;
        }

        try
        {
            return element.Deserialize<T>(StrictItems);
        }
        catch (JsonException ex)
        {
            // The serializer's message names .NET types: word it by the field instead.
            var field = ex.Path is { Length: > 2 } jsonPath && jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : null;
            var name = field?.Split('.', '[')[0];
            var known = StrictItems.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToList();
            if (name is not null && !known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{path}.{Clip(name)}", $"Unknown field; an item takes {string.Join(", ", known)}.");
            }
            else if (field is not null)
            {
                errors.Add($"{path}.{field}", "Has the wrong JSON type.");
            }
            else if (MissingRequired<T>(element) is { Count: > 0 } missing)
            {
                foreach (var required in missing)
                {
                    errors.Add(path, $"The required field '{required}' is missing.");
                }
            }
            else
            {
                errors.Add(path, "The item could not be read.");
            }

            return null;
        }
    }

    private static List<string> MissingRequired<T>(JsonElement element) =>
        StrictItems.GetTypeInfo(typeof(T)).Properties
            .Where(p => p.IsRequired && !element.EnumerateObject().Any(f => string.Equals(f.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.Name)
            .ToList();

    private static void Require(ErrorBag errors, string path, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(path, "This field is required and cannot be empty.");
        }
        else
        {
            Optional(errors, path, value, max);
        }
    }

    private static void Optional(ErrorBag errors, string path, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(path, $"At most {max} characters; got {value.Length}.");
        }

        NoControlCharacters(errors, path, value);
    }

    /// <summary>NUL and the other control characters have no place in text a model or a page will show; tab, LF and CR do.</summary>
    private static void NoControlCharacters(ErrorBag errors, string path, string? value)
    {
        if (HasControlCharacter(value))
        {
            errors.Add(path, ControlCharacterMessage);
        }
    }

    private const string ControlCharacterMessage =
        "Must not contain control characters (U+0000–U+001F, U+007F–U+009F) other than tab, line feed and carriage return.";

    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')).ToArray());

    private static bool HasControlCharacter(string? value) => value is not null && value.AsSpan().ContainsAny(ControlCharacters);

    private static void List(ErrorBag errors, string path, IReadOnlyList<string>? values, int max)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > max)
        {
            errors.Add(path, $"At most {max} entries; got {values.Count}.");
        }

        if (values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > ShortField))
        {
            errors.Add(path, $"Entries must be 1 to {ShortField} characters.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            NoControlCharacters(errors, $"{path}[{i}]", values[i]);
        }
    }

    private static JobKind? Fail(ErrorBag errors, string path, string message)
    {
        errors.Add(path, message);
        return null;
    }

    private static string Clip(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")]
    private static partial Regex LanguageTag();

    private sealed class ErrorBag
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public int Count => _errors.Count;

        public void Add(string path, string message)
        {
            if (!_errors.TryGetValue(path, out var list))
            {
                _errors[path] = list = [];
            }

            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
