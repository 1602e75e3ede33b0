using System.Globalization;
using BookStore.Api.Data;

namespace BookStore.Api.Books;

/// <summary>Input checks of the book endpoints, returning errors keyed by field as validation problems expect.</summary>
internal static class BookValidation
{
    public const int MinYear = 1;
    public const int MinMaxWords = 10;
    public const int MaxMaxWords = 400;
    public const int MaxModelLength = 100;
    public const int MaxQueryLength = 500;

    public static Dictionary<string, string[]> ValidateBook(BookRequest request, TimeProvider timeProvider)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateRequiredText(errors, "title", request.Title, BookStoreDbContext.MaxTitleLength);
        ValidateRequiredText(errors, "author", request.Author, BookStoreDbContext.MaxAuthorLength);

        int maxYear = timeProvider.GetUtcNow().Year;
        if (request.Year is null)
        {
            errors["year"] = ["Year is required."];
        }
        else if (request.Year < MinYear || request.Year > maxYear)
        {
            errors["year"] = [string.Create(
                CultureInfo.InvariantCulture, $"Year is {request.Year}. It must be between {MinYear} and {maxYear}.")];
        }

        if (request.Description?.Length > BookStoreDbContext.MaxDescriptionLength)
        {
            errors["description"] = [string.Create(
                CultureInfo.InvariantCulture,
                $"Description has {request.Description.Length} characters, but the maximum is {BookStoreDbContext.MaxDescriptionLength}.")];
        }

        return errors;
    }

    public static Dictionary<string, string[]> ValidateSummary(SummaryRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Model is not null && (string.IsNullOrWhiteSpace(request.Model) || request.Model.Length > MaxModelLength))
        {
            errors["model"] = [string.Create(
                CultureInfo.InvariantCulture,
                $"Model must be omitted, or a model id of 1 to {MaxModelLength} characters.")];
        }

        if (request.MaxWords is < MinMaxWords or > MaxMaxWords)
        {
            errors["maxWords"] = [string.Create(
                CultureInfo.InvariantCulture,
                $"MaxWords is {request.MaxWords}. It must be between {MinMaxWords} and {MaxMaxWords}.")];
        }

        return errors;
    }

    public static Dictionary<string, string[]> ValidateQuery(string? query)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(query))
        {
            errors["q"] = ["The query parameter q is required and must not be blank."];
        }
        else if (query.Length > MaxQueryLength)
        {
            errors["q"] = [string.Create(
                CultureInfo.InvariantCulture, $"The query has {query.Length} characters, but the maximum is {MaxQueryLength}.")];
        }

        return errors;
    }

    private static void ValidateRequiredText(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        var name = char.ToUpperInvariant(field[0]) + field[1..];
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{name} is required and must not be blank."];
        }
        else if (value.Trim().Length > maxLength)
        {
            errors[field] = [string.Create(
                CultureInfo.InvariantCulture, $"{name} has {value.Trim().Length} characters, but the maximum is {maxLength}.")];
        }
    }
}
