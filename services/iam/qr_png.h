/* The QRCodePNG of a virtual MFA device: a PNG image for the device's otpauth:// URI. */
#ifndef MOTOC_IAM_QR_PNG_H
#define MOTOC_IAM_QR_PNG_H

#include "../../http/buf.h"

/* Appends a PNG image standing for text to out. */
void qr_png_encode(const char *text, struct buf *out);

#endif
