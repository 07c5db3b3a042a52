using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Jobs;

public sealed class JobRequestValidatorTests
{
    private static readonly JobRequestValidator Validator =
        new(Options.Create(new JobLimits { MaxItemsPerJob = 3, MaxFieldLength = 50, MaxListItems = 2 }));

    private static SubmitJobRequest Request(string kind, string itemsJson) =>
        new() { Kind = kind, Items = JsonDocument.Parse(itemsJson).RootElement.Clone() };

    [Fact]
    public void Valid_generate_job_is_accepted_with_items_in_stored_form()
    {
        var (job, errors) = Validator.Validate(Request("Generate", """[{"productType":"ebook","brief":"Sourdough for beginners"}]"""));

        Assert.Empty(errors);
        Assert.NotNull(job);
        Assert.Equal(JobKind.Generate, job.Kind);
        Assert.Contains("\"brief\":\"Sourdough for beginners\"", job.ItemsJson[0], StringComparison.Ordinal);
        Assert.True(job.Images);
    }

    [Theory]
    [InlineData("publish", "kind")]
    [InlineData("", "kind")]
    public void Unknown_or_missing_kind_is_rejected(string kind, string field)
    {
        var (job, errors) = Validator.Validate(Request(kind, """[{"productType":"ebook","brief":"x"}]"""));

        Assert.Null(job);
        Assert.Contains(field, errors.Keys);
    }

    [Theory]
    [InlineData("[]", "items")]
    [InlineData("{}", "items")]
    [InlineData("""[{"productType":"a","brief":"b"},{"productType":"a","brief":"b"},{"productType":"a","brief":"b"},{"productType":"a","brief":"b"}]""", "items")]
    [InlineData("""[{"productType":"ebook","brief":"   "}]""", "items[0].brief")]
    [InlineData("""[{"productType":"ebook"}]""", "items[0]")]
    [InlineData("""[{"productType":"ebook","brief":"012345678901234567890123456789012345678901234567890"}]""", "items[0].brief")]
    [InlineData("""[{"productType":"ebook","brief":"ok","keywords":["a","b","c"]}]""", "items[0].keywords")]
    [InlineData("""[42]""", "items[0]")]
    public void Bad_generate_items_are_rejected_with_their_path(string items, string field)
    {
        var (job, errors) = Validator.Validate(Request("generate", items));

        Assert.Null(job);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Enrich_rows_need_sku_and_name_and_a_non_negative_price()
    {
        var (job, errors) = Validator.Validate(Request("enrich", """[{"sku":"A1","name":"Mug"},{"sku":"","name":"Cup","price":-1}]"""));

        Assert.Null(job);
        Assert.Contains("items[1].sku", errors.Keys);
        Assert.Contains("items[1].price", errors.Keys);
        Assert.DoesNotContain("items[0].sku", errors.Keys);
    }

    [Fact]
    public void Bad_language_and_idempotency_key_are_rejected()
    {
        var request = Request("enrich", """[{"sku":"A1","name":"Mug"}]""") with
        {
            Options = new JobOptions { Language = "english please" },
            IdempotencyKey = new string('k', 201),
        };

        var (_, errors) = Validator.Validate(request);

        Assert.Contains("options.language", errors.Keys);
        Assert.Contains("idempotencyKey", errors.Keys);
    }

    [Fact]
    public void Tab_line_feed_and_carriage_return_are_text_other_control_characters_are_not()
    {
        var (job, errors) = Validator.Validate(Request("generate", """[{"productType":"ebook","brief":"Line one\n\tLine two\r\n"}]"""));
        Assert.Empty(errors);
        Assert.NotNull(job);

        foreach (var control in new[] { "\\u0000", "\\u0007", "\\u001f", "\\u007f", "\\u009f" })
        {
            var (refused, why) = Validator.Validate(Request("generate", $$"""[{"productType":"ebook","brief":"a{{control}}b"}]"""));
            Assert.Null(refused);
            Assert.Contains("control characters", Assert.Single(why["items[0].brief"]), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unknown_item_field_is_named_without_dotnet_type_names()
    {
        var (job, errors) = Validator.Validate(Request("enrich", """[{"sku":"S1","name":"Shoe","colour":"red"}]"""));

        Assert.Null(job);
        var message = Assert.Single(errors["items[0].colour"]);
        Assert.Contains("Unknown field", message, StringComparison.Ordinal);
        Assert.DoesNotContain("CatalogForge", message, StringComparison.Ordinal);

        var (_, missing) = Validator.Validate(Request("enrich", """[{"sku":"S1"}]"""));
        Assert.Equal("The required field 'name' is missing.", Assert.Single(missing["items[0]"]));
    }

    [Fact]
    public void Items_are_stored_without_needless_escapes_and_measured_in_their_stored_form()
    {
        var validator = new JobRequestValidator(Options.Create(new JobLimits { MaxFieldLength = 100_000 }));
        var (job, _) = validator.Validate(Request("generate", """[{"productType":"本","brief":"日本語 <b>&'\"</b>"}]"""));
        Assert.Equal("""{"productType":"本","brief":"日本語 <b>&'\"</b>","workingTitle":null,"audience":null,"tone":null,"keywords":null}""", job!.ItemsJson[0]);

        // Each quote is stored as two characters: a brief under the field limit can still be too large to store.
        var quotes = new string('"', JobLimits.MaxStoredItemChars / 2).Replace("\"", "\\\"", StringComparison.Ordinal);
        var (tooLarge, errors) = validator.Validate(Request("generate", $$"""[{"productType":"ebook","brief":"ok"},{"productType":"ebook","brief":"{{quotes}}"}]"""));
        Assert.Null(tooLarge);
        Assert.Contains("at most 32768", Assert.Single(errors["items[1]"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Content_hash_ignores_layout_and_defaults_but_not_content()
    {
        static string Hash(string json) =>
            Validator.Validate(JsonSerializer.Deserialize<SubmitJobRequest>(json, CatalogJson.Options)!).Job!.ContentHash();

        var plain = Hash("""{"kind":"generate","items":[{"productType":"ebook","brief":"Knots"}],"idempotencyKey":"a"}""");

        Assert.Equal(plain, Hash("""{ "idempotencyKey":"b", "items":[ {"brief":"Knots", "productType":"ebook"} ], "kind":"Generate", "options":{"images":true,"priority":"normal"} }"""));
        Assert.NotEqual(plain, Hash("""{"kind":"generate","items":[{"productType":"ebook","brief":"Knots!"}]}"""));
        Assert.NotEqual(plain, Hash("""{"kind":"generate","items":[{"productType":"ebook","brief":"Knots"}],"options":{"images":false}}"""));
    }
}
