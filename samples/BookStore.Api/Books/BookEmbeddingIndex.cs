using System.Collections.Concurrent;
using System.Numerics.Tensors;
using BookStore.Api.Data;
using BookStore.Api.Llm;
using Microsoft.Extensions.AI;

namespace BookStore.Api.Books;

/// <summary>
/// Ranks books by cosine similarity between a query embedding and each book's embedding. Book embeddings are
/// kept in memory and computed again only when a book's title or description changes.
/// </summary>
internal sealed class BookEmbeddingIndex(IEmbeddingGenerator<string, Embedding<float>> embeddingGenerator)
{
    public const string SearchFeature = "search";

    private readonly ConcurrentDictionary<int, BookEmbedding> _bookEmbeddings = new();

    public async Task<IReadOnlyList<BookSearchResult>> SearchAsync(
        string query, IReadOnlyList<Book> books, int maxResults, CancellationToken cancellationToken)
    {
        var options = new EmbeddingGenerationOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { [LlmTags.Feature] = SearchFeature },
        };

        var queryVector = await embeddingGenerator.GenerateVectorAsync(query, options, cancellationToken);
        await EmbedChangedBooksAsync(books, options, cancellationToken);

        return books
            .Select(book => new BookSearchResult(
                BookResponse.From(book),
                TensorPrimitives.CosineSimilarity(queryVector.Span, _bookEmbeddings[book.Id].Vector.Span)))
            .OrderByDescending(result => result.Similarity)
            .ThenBy(result => result.Book.Id)
            .Take(maxResults)
            .ToList();
    }

    /// <summary>Embeds, in one call, the books that have no embedding yet or whose text changed.</summary>
    private async Task EmbedChangedBooksAsync(
        IReadOnlyList<Book> books, EmbeddingGenerationOptions options, CancellationToken cancellationToken)
    {
        var changed = books
            .Select(book => (book.Id, Text: GetEmbeddedText(book)))
            .Where(entry => !_bookEmbeddings.TryGetValue(entry.Id, out var cached) || cached.Text != entry.Text)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var embeddings = await embeddingGenerator.GenerateAsync(changed.Select(entry => entry.Text), options, cancellationToken);
        for (int i = 0; i < changed.Count; i++)
        {
            _bookEmbeddings[changed[i].Id] = new BookEmbedding(changed[i].Text, embeddings[i].Vector);
        }
    }

    /// <summary>Text embedded for a book: the description with the title in front, so a title search also matches.</summary>
    private static string GetEmbeddedText(Book book) => $"{book.Title}. {book.Description}";

    private sealed record BookEmbedding(string Text, ReadOnlyMemory<float> Vector);
}
