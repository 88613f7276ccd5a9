// `plinth make-verifier [scram-sha-256|md5] [USER]`: reads a password from standard input
// (never from the command line, where other users could see it) and prints the verifier
// to put in a [[roles]] table of the config file.
#pragma once

namespace plinth {

int MakeVerifierCommand(int argc, char** argv);

}  // namespace plinth
