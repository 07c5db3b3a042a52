using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>The data annotations of <c>Nightly:Alerts:*</c>, which <c>ValidateDataAnnotations</c> does not descend into; each failure names its key.</summary>
internal sealed class NightlyAlertOptionsValidator : IValidateOptions<NightlyOptions>
{
    public ValidateOptionsResult Validate(string? name, NightlyOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options.Alerts, new ValidationContext(options.Alerts), results, validateAllProperties: true);
        return results.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => $"{NightlyOptions.Section}:Alerts:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
