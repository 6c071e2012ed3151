#include "inflating_stream.hpp"

#include <htslib/hfile.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "record_reader.hpp"

namespace neurotax::pipeline {

namespace {

constexpr std::size_t kInputBytes = std::size_t{1} << 18;

std::string describe_inflate_error(int status) {
  switch (status) {
    case ISAL_INCORRECT_CHECKSUM:
      return "damaged gzip data (checksum mismatch)";
    case ISAL_INVALID_WRAPPER:
    case ISAL_UNSUPPORTED_METHOD:
      return "damaged gzip data (not a gzip member header)";
    default:
      return "damaged gzip data (invalid deflate stream)";
  }
}

}  // namespace

InflatingStream::InflatingStream(HFilePtr file, bool gzip)
    : file_(std::move(file)), gzip_(gzip), state_(gzip ? std::make_unique<inflate_state>() : nullptr) {
  if (gzip_) input_.resize(kInputBytes);
}

InflatingStream::~InflatingStream() = default;

std::uint64_t InflatingStream::consumed_bytes() const { return static_cast<std::uint64_t>(htell(file_.get())); }

std::size_t InflatingStream::read_file(void* out, std::size_t capacity) {
  errno = 0;
  const ssize_t got = hread(file_.get(), out, capacity);
  if (got < 0) throw RecordError(std::string("cannot read: ") + std::strerror(errno != 0 ? errno : EIO));
  return static_cast<std::size_t>(got);
}

std::size_t InflatingStream::read(char* out, std::size_t capacity) {
  if (capacity == 0) return 0;
  return gzip_ ? inflate(out, capacity) : read_file(out, capacity);
}

bool InflatingStream::refill() {
  const std::size_t got = read_file(input_.data(), input_.size());
  state_->next_in = input_.data();
  state_->avail_in = static_cast<std::uint32_t>(got);
  input_ended_ = got == 0;
  return got != 0;
}

std::size_t InflatingStream::inflate(char* out, std::size_t capacity) {
  inflate_state& state = *state_;
  while (true) {
    if (between_members_) {
      // Concatenated members (and BGZF blocks) are one stream; the data ends
      // cleanly only between members.
      if (state.avail_in == 0 && (input_ended_ || !refill())) return 0;
      std::uint8_t* next_in = state.next_in;
      const std::uint32_t avail_in = state.avail_in;
      isal_inflate_init(&state);
      state.crc_flag = ISAL_GZIP;
      state.next_in = next_in;
      state.avail_in = avail_in;
      between_members_ = false;
    }
    if (state.avail_in == 0 && !input_ended_) refill();
    state.next_out = reinterpret_cast<std::uint8_t*>(out);
    state.avail_out = static_cast<std::uint32_t>(std::min<std::size_t>(capacity, UINT32_MAX));
    const std::uint32_t avail_before = state.avail_in;
    const int status = isal_inflate(&state);
    if (status < 0) throw RecordError(describe_inflate_error(status));
    const std::size_t produced = static_cast<std::size_t>(reinterpret_cast<char*>(state.next_out) - out);
    if (state.block_state == ISAL_BLOCK_FINISH) between_members_ = true;
    if (produced > 0) return produced;
    if (!between_members_ && input_ended_ && state.avail_in == avail_before)
      throw RecordError("truncated gzip data: the file ends inside a compressed member");
  }
}

}  // namespace neurotax::pipeline
