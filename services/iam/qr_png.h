/* The QRCodePNG of a virtual MFA device: a PNG image for the device's otpauth:// URI. */
#ifndef MOTOC_IAM_QR_PNG_H
#define MOTOC_IAM_QR_PNG_H

#include "../../http/buf.h"

/* Appends to out a PNG image of text as a QR symbol; nothing when text is longer than a QR
 * symbol holds (about 2,300 bytes, far beyond any device name IAM accepts). */
void qr_png_encode(const char *text, struct buf *out);

#endif
