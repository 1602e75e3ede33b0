namespace BookStore.Api.Data;

/// <summary>A book in the store catalogue.</summary>
public sealed class Book
{
    public int Id { get; set; }

    public required string Title { get; set; }

    public required string Author { get; set; }

    /// <summary>Year of first publication.</summary>
    public int Year { get; set; }

    public string Description { get; set; } = string.Empty;
}
