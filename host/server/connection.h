// One client connection: startup, authentication, then the simple and extended query
// protocols until Terminate or disconnect. Runs on its own thread with blocking I/O.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <cstdint>

namespace plinth {

class Server;
void ServeConnection(Server& server, boost::asio::ip::tcp::socket socket, uint64_t connection_id);

}  // namespace plinth
