import zlib, struct, numpy as np
def load_png(path):
    data=open(path,'rb').read(); pos=8; idat=b''
    while pos<len(data):
        ln,=struct.unpack('>I',data[pos:pos+4]); typ=data[pos+4:pos+8]; body=data[pos+8:pos+8+ln]; pos+=12+ln
        if typ==b'IHDR': w,h,bd,ct=struct.unpack('>IIBB',body[:10])
        elif typ==b'IDAT': idat+=body
    assert bd==8 and ct==2
    raw=zlib.decompress(idat); bpp=3; stride=w*3
    out=np.zeros((h,stride),dtype=np.uint8); prev=np.zeros(stride,dtype=np.int32)
    for y in range(h):
        f=raw[y*(stride+1)]; line=np.frombuffer(raw[y*(stride+1)+1:(y+1)*(stride+1)],dtype=np.uint8).astype(np.int32)
        cur=np.zeros(stride,dtype=np.int32)
        for x in range(stride):
            a=cur[x-bpp] if x>=bpp else 0; b=prev[x]; c=prev[x-bpp] if x>=bpp else 0
            if f==0: p=0
            elif f==1: p=a
            elif f==2: p=b
            elif f==3: p=(a+b)//2
            else:
                pa=abs(b-c); pb=abs(a-c); pc=abs(a+b-2*c)
                p=a if pa<=pb and pa<=pc else (b if pb<=pc else c)
            cur[x]=(line[x]+p)&255
        out[y]=cur; prev=cur
    return (out.reshape(h,w,3).astype(np.float64)/255).transpose(2,0,1)[None]
