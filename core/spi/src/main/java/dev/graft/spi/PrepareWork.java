package dev.graft.spi;

/**
 * What a generator's {@link GameGenerator#prepare(Game, long, int) prepare} for a batch is expected to do, for
 * {@code graft plan}'s cost estimate before anything runs, in units the engine can time: games played by a
 * value network choosing among the children of every position, AdamW steps of that network, and random games.
 * The figures are expectations (e.g. assuming every candidate network is accepted), not promises.
 *
 * @param network       the value network's shape
 * @param networkGames  games played by networks (each move evaluates every child position once)
 * @param trainingSteps optimizer steps of the network
 * @param batch         positions per step
 * @param randomGames   uniformly random games
 * @param rounds        rounds that must run one after another (each round's games can run side by side)
 */
public record PrepareWork(ModelShape network, long networkGames, long trainingSteps, int batch, long randomGames,
                          int rounds) {
}
