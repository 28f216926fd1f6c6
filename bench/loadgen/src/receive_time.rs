//! The kernel's receive time of a stream's bytes (`SO_TIMESTAMPNS`), read along with the
//! bytes by one `recvmsg`.

use std::os::fd::{AsRawFd, RawFd};

use tokio::{io::Interest, net::TcpStream};

/// Asks the kernel to stamp received data with its arrival time (`SO_TIMESTAMPNS`), so the
/// delay measured is the server's, not this process's wait for a core it shares with it.
pub fn ask_for_receive_times(stream: &TcpStream) -> std::io::Result<()> {
    let on: libc::c_int = 1;
    // SAFETY: a valid socket descriptor and a c_int option value of the size given.
    let result = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_TIMESTAMPNS,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Reads what has arrived into `buffer`; returns the byte count and the kernel's receive
/// time of the data, in epoch milliseconds.
pub async fn read_with_receive_time(
    stream: &TcpStream,
    buffer: &mut [u8],
) -> std::io::Result<(usize, Option<i64>)> {
    loop {
        stream.readable().await?;
        match stream.try_io(Interest::READABLE, || receive(stream.as_raw_fd(), buffer)) {
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => continue,
            result => return result,
        }
    }
}

/// One `recvmsg` with room for the `SCM_TIMESTAMPNS` control message.
fn receive(socket: RawFd, buffer: &mut [u8]) -> std::io::Result<(usize, Option<i64>)> {
    let mut part = libc::iovec {
        iov_base: buffer.as_mut_ptr().cast(),
        iov_len: buffer.len(),
    };
    // Eight-byte aligned room for one control message carrying a timespec.
    let mut control = [0u64; 8];
    // SAFETY: msghdr is plain data; all-zero is a valid empty header.
    let mut message: libc::msghdr = unsafe { std::mem::zeroed() };
    message.msg_iov = &mut part;
    message.msg_iovlen = 1;
    message.msg_control = control.as_mut_ptr().cast();
    message.msg_controllen = std::mem::size_of_val(&control) as _;
    // SAFETY: the header points at `part` (over `buffer`) and `control`, both live and
    // of the lengths given.
    let read = unsafe { libc::recvmsg(socket, &mut message, libc::MSG_DONTWAIT) };
    if read < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut received = None;
    // SAFETY: the CMSG_* walk stays inside `control`, which the kernel filled and sized
    // through `msg_controllen`; the timespec is read unaligned.
    unsafe {
        let mut header = libc::CMSG_FIRSTHDR(&message);
        while !header.is_null() {
            if (*header).cmsg_level == libc::SOL_SOCKET
                && (*header).cmsg_type == libc::SCM_TIMESTAMPNS
            {
                let time: libc::timespec = std::ptr::read_unaligned(libc::CMSG_DATA(header).cast());
                received = Some(time.tv_sec * 1000 + time.tv_nsec / 1_000_000);
            }
            header = libc::CMSG_NXTHDR(&message, header);
        }
    }
    Ok((read as usize, received))
}
