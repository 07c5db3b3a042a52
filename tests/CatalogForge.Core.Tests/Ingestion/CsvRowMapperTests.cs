using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;

namespace CatalogForge.Core.Tests.Ingestion;

public sealed class CsvRowMapperTests
{
    [Fact]
    public void Enrich_columns_map_to_fields_and_other_columns_to_attributes()
    {
        var mapper = new CsvRowMapper(JobKind.Enrich, ["SKU", "name", "price", "Color", "brand"]);

        var row = mapper.Map(2, ["A-1", "Mug", "24.50", "Oatmeal", ""]);

        Assert.Null(row.Error);
        var item = row.Item!.Value;
        Assert.Equal("A-1", item.GetProperty("sku").GetString());
        Assert.Equal(24.50m, item.GetProperty("price").GetDecimal());
        Assert.Equal("Oatmeal", item.GetProperty("attributes").GetProperty("Color").GetString());
        Assert.False(item.TryGetProperty("brand", out _));
    }

    [Fact]
    public void Generate_keywords_are_split_on_semicolons_and_bars()
    {
        var mapper = new CsvRowMapper(JobKind.Generate, ["product_type", "brief", "keywords"]);

        var row = mapper.Map(2, ["ebook", "Sourdough", "bread; starter|baking"]);

        Assert.Equal(["bread", "starter", "baking"],
            row.Item!.Value.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()!));
        Assert.Equal("ebook", row.Item.Value.GetProperty("productType").GetString());
    }

    [Fact]
    public void Bad_rows_become_errors_with_their_line()
    {
        var mapper = new CsvRowMapper(JobKind.Enrich, ["sku", "name", "price"]);

        Assert.Equal("line 7.price: 'cheap' is not a number (use a dot for decimals).", mapper.Map(7, ["A", "B", "cheap"]).Error);
        Assert.Contains("line 8: the row has 2 fields; the header has 3", mapper.Map(8, ["A", "B"]).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_the_required_columns_stops_the_file()
    {
        var error = Assert.Throws<IngestFileException>(() => new CsvRowMapper(JobKind.Enrich, ["name", "price"]));

        Assert.Contains("sku", error.Message, StringComparison.Ordinal);
    }
}
