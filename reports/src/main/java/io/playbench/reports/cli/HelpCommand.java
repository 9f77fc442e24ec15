package io.playbench.reports.cli;

import java.util.List;

/** {@code playbench help [COMMAND]}: the overview or one command's help. */
final class HelpCommand implements Command {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String summary() {
        return "show the commands, or one command's help (playbench help gate)";
    }

    @Override
    public String help() {
        return "usage: playbench help [COMMAND]\n\nShows the list of commands, or the help of one command.\n";
    }

    @Override
    public int run(List<String> args, CommandContext context) throws UsageException {
        if (args.isEmpty()) {
            context.out().print(Playbench.overview());
            return Playbench.EXIT_OK;
        }
        if (args.size() > 1 || args.getFirst().startsWith("-")) {
            if (args.contains("--help") || args.contains("-h")) {
                context.out().print(help());
                return Playbench.EXIT_OK;
            }
            throw new UsageException("expected at most one command name but got " + args);
        }
        Command command = Playbench.find(args.getFirst()).orElseThrow(() -> new UsageException("unknown command '" + args.getFirst()
                + "'; commands: " + String.join(", ", Playbench.COMMANDS.stream().map(Command::name).toList())));
        context.out().print(command.help());
        return Playbench.EXIT_OK;
    }
}
