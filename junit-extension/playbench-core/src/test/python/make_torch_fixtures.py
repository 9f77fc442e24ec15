import io,json,os,sys
from collections import OrderedDict as OD
import torch as T,numpy as np
O=sys.argv[1];M={"files":{},"errors":{}}
t=T.tensor;Z=T.float64;I=isinstance;j=lambda p,k:f"{p}.{k}" if p else str(k)
def D(v,g,p,o):
 if I(v,T.Tensor):
  x=v.detach();f=x.reshape(-1)
  o[p]=dict(dtype=str(x.dtype)[6:],shape=list(x.shape),stride=list(x.stride()),offset=x.storage_offset(),group=g.setdefault(x.untyped_storage().data_ptr(),len(g)),param=I(v,T.nn.Parameter),sum=float(f.to(Z).sum()),all=(f.to(Z) if x.dtype.is_floating_point else f).tolist()[:64])
 elif I(v,dict):
  for k,x in v.items():D(x,g,j(p,k),o)
 elif I(v,(list,tuple)):
  for i,x in enumerate(v):D(x,g,j(p,i),o)
 else:o[p]=repr(v)
 return o
def F(n,mk,**k):
 p=O+"/"+n
 try:
  if k.pop("s",0):b=io.BytesIO();T.save(mk(),b);open(p,"wb").write(b.getvalue())
  else:T.save(mk(),p,**k)
  M["files"][n]=D(T.load(p,weights_only=False),{},"",{})
 except Exception as e:M["errors"][n]=repr(e)
def dt():
 b=T.arange(6,dtype=Z).reshape(2,3);q=lambda x,d:t(x,dtype=d);f=float("inf")
 return dict(float32=(b*.25-.5).float(),float64=b/3-1/7,float16=(b*.5-1.25).half(),bfloat16=(b*.75-2).bfloat16(),
 int64=q([[-2**40-3,-1,0],[1,2**53+1,2**62]],T.int64),int32=q([[-2**31,-7,0],[7,65536,2**31-1]],T.int32),
 int16=q([[-32768,-300,0],[300,1,32767]],T.int16),int8=q([[-128,-5,0],[5,100,127]],T.int8),uint8=q([[0,1,127],[128,200,255]],T.uint8),
 bool=q([[1,0,1],[0,0,1]],T.bool),scalar_f32=t(3.5),scalar_i64=t(1234567890123),empty=T.zeros(0,3),
 f16_special=q([f,-f,65504.,6.1035156e-05,5.96e-08,-0.],T.float16),bf16_special=q([f,-f,3.3895e38,1e-38,-0.,1.0078125],T.bfloat16))
def vw():
 b=T.arange(24.).reshape(4,6);i=T.arange(10)
 return dict(base=b,transposed=b.t(),slice=b[1:3,2:5],every_other=b[:,::2],row=b[2],flat_view=b.view(-1)[5:17],
 expanded=T.arange(3.).reshape(3,1).expand(3,4),int_base=i,int_tail=i[7:])
def sd():
 T.manual_seed(0);L=T.nn.Linear;m=T.nn.Sequential(L(3,4),T.nn.ELU(),L(4,2))
 m.register_buffer("running_mean",t([.5,-.25,2.],dtype=Z));m.register_buffer("count",t(17));return m.state_dict()
def ns():
 P=T.nn.Parameter
 return dict(model=OD(w=T.ones(2,2),b=T.zeros(2)),param=P(t([1.,2.,3.])),
 list=[1,-2,3.25,"té✓",None,True],tuple=(T.ones(2,dtype=T.int32),(1,(2,3))),big=2**63+5,neg=-2**70,np=np.float32(487.25),arr=np.arange(6.).reshape(2,3)/4)
def lg():
 v=vw();v.update(dt());v["state"]=sd();return v
F("dtypes.pt",dt);F("views.pt",vw);F("state_dict.pt",sd);F("nested.pt",ns);F("protocol4.pt",vw,pickle_protocol=4)
F("protocol5.pt",ns,pickle_protocol=5);F("legacy.pt",lg,_use_new_zipfile_serialization=False)
F("stream.pt",sd,s=1)
json.dump(M,open(O+"/manifest.json","w"),indent=1,default=str);print(M["errors"],T.__version__)
