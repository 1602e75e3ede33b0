namespace BookStore.Api.Data;

/// <summary>Public-domain books that an empty database starts with.</summary>
internal static class BookSeedData
{
    public static IReadOnlyList<Book> CreateBooks() =>
    [
        new Book
        {
            Title = "Pride and Prejudice",
            Author = "Jane Austen",
            Year = 1813,
            Description = "Elizabeth Bennet, the sharp-witted second of five daughters, meets the proud and wealthy "
                + "Mr Darcy at a country ball and dislikes him at once. Their misjudgements of each other unfold "
                + "among rural English families who need their daughters to marry well. The novel is a comedy of "
                + "manners about courtship, class and first impressions.",
        },
        new Book
        {
            Title = "Moby-Dick",
            Author = "Herman Melville",
            Year = 1851,
            Description = "The sailor Ishmael joins the whaling ship Pequod, whose captain Ahab has lost a leg to a "
                + "great white whale. Ahab drives the crew across the oceans in an obsessive hunt for Moby Dick. "
                + "Chapters of sea adventure alternate with essays on whales, whaling and the sea.",
        },
        new Book
        {
            Title = "Frankenstein; or, The Modern Prometheus",
            Author = "Mary Shelley",
            Year = 1818,
            Description = "The young scientist Victor Frankenstein builds a living creature from dead matter and "
                + "abandons it in horror. The rejected creature learns to speak and read, then turns on its maker "
                + "and his family. The story is told through letters from an Arctic expedition and is often called "
                + "the first science fiction novel.",
        },
        new Book
        {
            Title = "Dracula",
            Author = "Bram Stoker",
            Year = 1897,
            Description = "The solicitor Jonathan Harker travels to a castle in Transylvania and finds that his "
                + "client, Count Dracula, is a vampire. The Count sails to England to prey on new victims. A small "
                + "band led by Professor Van Helsing hunts him, and the story is told through diaries, letters and "
                + "newspaper cuttings.",
        },
        new Book
        {
            Title = "The Adventures of Sherlock Holmes",
            Author = "Arthur Conan Doyle",
            Year = 1892,
            Description = "Twelve short detective stories narrated by Dr John Watson. The consulting detective "
                + "Sherlock Holmes solves crimes and mysteries in Victorian London by observation and deduction. "
                + "Cases include a royal blackmail scandal, a red-headed pawnbroker and a deadly speckled band.",
        },
        new Book
        {
            Title = "Alice's Adventures in Wonderland",
            Author = "Lewis Carroll",
            Year = 1865,
            Description = "A bored girl named Alice follows a talking White Rabbit down a rabbit hole into a "
                + "fantasy world. She shrinks and grows, attends a mad tea party and plays croquet with the Queen "
                + "of Hearts. The children's book is full of nonsense verse, puns and logic puzzles.",
        },
        new Book
        {
            Title = "The Time Machine",
            Author = "H. G. Wells",
            Year = 1895,
            Description = "A Victorian inventor, called only the Time Traveller, builds a machine that carries him "
                + "to the year 802,701. He finds humanity split into the gentle Eloi and the underground Morlocks. "
                + "The short novel uses time travel to question class division and progress.",
        },
        new Book
        {
            Title = "Great Expectations",
            Author = "Charles Dickens",
            Year = 1861,
            Description = "The orphan Pip, raised by his sister and her blacksmith husband, helps an escaped convict "
                + "on the marshes of Kent. An unknown benefactor later pays for him to become a gentleman in "
                + "London. The novel follows his ambitions, his love for the cold Estella and his slow growth into "
                + "humility.",
        },
        new Book
        {
            Title = "Jane Eyre",
            Author = "Charlotte Brontë",
            Year = 1847,
            Description = "An orphan survives a cruel aunt and a harsh charity school, then becomes governess at "
                + "Thornfield Hall. She falls in love with its brooding master, Mr Rochester, who hides a secret in "
                + "the attic. The first-person novel insists on a woman's independence and conscience.",
        },
        new Book
        {
            Title = "Wuthering Heights",
            Author = "Emily Brontë",
            Year = 1847,
            Description = "Heathcliff, a foundling taken in by the Earnshaw family on the Yorkshire moors, loves "
                + "his foster sister Catherine. When she marries the wealthy Edgar Linton, he takes revenge on both "
                + "families across two generations. A housekeeper tells the story to a visiting tenant.",
        },
        new Book
        {
            Title = "Adventures of Huckleberry Finn",
            Author = "Mark Twain",
            Year = 1884,
            Description = "Huck Finn escapes his violent father and rafts down the Mississippi River with Jim, a man "
                + "fleeing slavery. Along the river they meet swindlers, feuding families and a lynch mob. Huck "
                + "tells the story in his own vernacular voice.",
        },
        new Book
        {
            Title = "Treasure Island",
            Author = "Robert Louis Stevenson",
            Year = 1883,
            Description = "Young Jim Hawkins finds a pirate's map to buried treasure and sails with a crew to find "
                + "it. The ship's cook, the one-legged Long John Silver, leads a mutiny of former pirates. The "
                + "adventure novel shaped the popular image of pirates, from treasure maps to the parrot on the "
                + "shoulder.",
        },
    ];
}
